package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Orders as owners and directive tasks file them. A task files only spikes and chores, and only for its directive;
 * the order takes the directive's repository unless it names one.
 */
final class OrderLifecycle {


  private final OrderRepository orders;
  private final DirectiveRepository directives;
  private final DirectiveEvents events;

  OrderLifecycle(OrderRepository orders, DirectiveRepository directives, DirectiveEvents events) {
    this.orders = orders;
    this.directives = directives;
    this.events = events;
  }

  /** An owner files an order of any type, optionally for one of their directives. */
  Future<Order> file(UUID ownerId, JsonObject order, UUID directiveId) {
    return orders.insert(ownerId, order, directiveId)
      .map(created -> created.orElseThrow(() -> ApiException.notFound("directive")));
  }

  /** A task of a directive files a spike or a chore for it. */
  Future<Order> fileFromTask(UUID ownerId, JsonObject order, UUID taskDirectiveId) {
    if (taskDirectiveId == null) {
      return Future.failedFuture(new ApiException(ErrorCode.NOT_DIRECTIVE_TASK,
        "only a task of a directive may file orders"));
    }
    if (!OrderType.of(order.getString("orderType")).map(OrderType::fileableByTask).orElse(false)) {
      return Future.failedFuture(new ApiException(ErrorCode.INVALID_ORDER_TYPE,
        "a task may file only spike or chore orders, not " + order.getString("orderType")));
    }
    return file(ownerId, order, taskDirectiveId).compose(filed -> directives.find(ownerId, taskDirectiveId)
      .compose(directive -> directive.map(found -> events.write(found, DirectiveEvents.Entry.info("order_created",
          new JsonObject().put("orderId", filed.id().toString()).put("title", filed.title())
            .put("orderType", filed.orderType()), "task", null)))
        .orElseGet(Future::succeededFuture))
      .map(filed));
  }

  Future<Order> update(UUID ownerId, UUID orderId, JsonObject changes) {
    return orders.patch(ownerId, orderId, changes).map(updated -> updated.orElseThrow(() ->
      ApiException.notFound("order")));
  }

  Future<JsonObject> delete(UUID ownerId, UUID orderId) {
    return orders.delete(ownerId, orderId).map(deleted -> {
      if (!deleted) {
        throw ApiException.notFound("order");
      }
      return new JsonObject();
    });
  }
}
