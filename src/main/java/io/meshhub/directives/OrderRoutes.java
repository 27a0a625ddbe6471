package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.JsonFields;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** Orders: owners manage them; directive tasks file spikes and chores for later. */
public final class OrderRoutes implements HttpRoutes {

  private final EventBus bus;
  private final OrderRepository orders;
  private final Tasks tasks;

  public OrderRoutes(EventBus bus, Pool pool) {
    this.bus = bus;
    this.orders = new OrderRepository(pool);
    this.tasks = Tasks.of(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("createOrder").handler(Responses.json(201, this::create));
    builder.operation("listOrders").handler(Responses.json(200, this::list));
    builder.operation("getOrder").handler(Responses.json(200, this::get));
    builder.operation("updateOrder").handler(Responses.json(200, this::update));
    builder.operation("deleteOrder").handler(Responses.noContent(this::delete));
    builder.operation("createTaskOrder").handler(Responses.json(201, this::createFromTask));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    return BusCalls.ask(bus, ctx, DirectivesAddresses.CREATE_ORDER, new DirectiveMessages.NewOrder(
      Caller.of(ctx).ownerId(), body, JsonFields.uuid(body, "directiveId"), false).toJson());
  }

  /** The calling task's directive is the order's; the directive engine applies the rules for tasks. */
  private Future<JsonObject> createFromTask(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return tasks.find(caller.ownerId(), caller.taskId())
      .map(task -> task.orElseThrow(() -> ApiException.notFound("task")))
      .compose(task -> BusCalls.ask(bus, ctx, DirectivesAddresses.CREATE_ORDER, new DirectiveMessages.NewOrder(
        caller.ownerId(), Params.of(ctx).body(), task.directiveId(), true).toJson()));
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    return orders.list(Caller.of(ctx).ownerId(), params.queryString("status"), params.queryUuid("directiveId"),
        params.queryString("orderType"), params.limit(), params.offset())
      .map(list -> new JsonArray(list.stream().map(Order::toJson).toList()));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    return orders.find(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"))
      .map(found -> found.orElseThrow(() -> ApiException.notFound("order")).toJson());
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    return BusCalls.ask(bus, ctx, DirectivesAddresses.UPDATE_ORDER, new DirectiveMessages.Edit(
      Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"), null, Params.of(ctx).body()).toJson());
  }

  private Future<JsonObject> delete(RoutingContext ctx) {
    return BusCalls.ask(bus, ctx, DirectivesAddresses.DELETE_ORDER, new DirectiveMessages.Ref(
      Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"), null).toJson());
  }

}
