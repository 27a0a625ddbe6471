package io.meshhub.directives;

import static io.meshhub.app.JsonFields.uuid;

import io.meshhub.app.Database;
import io.meshhub.app.HubContext;
import io.meshhub.http.BusCalls;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.UUID;

/**
 * The owner of contracts, their files and orders (and, with the directive engine, of directives, chains and
 * steps): every change of them is a request to this verticle.
 */
public final class DirectiveEngineVerticle extends AbstractVerticle {

  private final HubContext context;

  public DirectiveEngineVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = Database.pool(vertx, context.database(), context.config().db().poolSize());
    ContractLifecycle contracts = new ContractLifecycle(new ContractRepository(pool), new FileRepository(pool),
      vertx.eventBus());
    OrderLifecycle orders = new OrderLifecycle(new OrderRepository(pool));
    DirectiveLifecycle directives = new DirectiveLifecycle(pool, new DirectiveEvents(pool, vertx.eventBus()),
      vertx.eventBus());
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
      bus.consumer(DirectivesAddresses.CREATE_CONTRACT, message -> BusCalls.reply(message,
        contracts.create(NewContract.fromJson(message.body())).map(Contract::toJson))),
      bus.consumer(DirectivesAddresses.UPDATE_CONTRACT, message -> BusCalls.reply(message, contracts.update(
        uuid(message.body(), "ownerId"), uuid(message.body(), "contractId"), message.body().getInteger("version"),
        message.body().getJsonObject("changes")).map(Contract::toJson))),
      bus.consumer(DirectivesAddresses.COMPLETE_CONTRACT, message -> BusCalls.reply(message, contracts.complete(
        uuid(message.body(), "ownerId"), uuid(message.body(), "contractId"), uuid(message.body(), "taskId"))
        .map(Contract::toJson))),
      bus.consumer(DirectivesAddresses.ADD_REPOSITORY, message -> BusCalls.reply(message, contracts.addRepository(
        uuid(message.body(), "ownerId"), uuid(message.body(), "contractId"),
        SourceRepository.fromRequest(message.body().getJsonObject("repository"))).map(SourceRepository::toJson))),
      bus.consumer(DirectivesAddresses.CREATE_FILE, message -> BusCalls.reply(message, contracts.createFile(
        uuid(message.body(), "ownerId"), uuid(message.body(), "contractId"), message.body().getString("name"),
        message.body().getJsonArray("body")).map(ContractFile::toJson))),
      bus.consumer(DirectivesAddresses.CREATE_ORDER, message -> BusCalls.reply(message, (message.body()
        .getBoolean("fromTask", false)
        ? orders.fileFromTask(uuid(message.body(), "ownerId"), message.body().getJsonObject("order"),
          uuid(message.body(), "directiveId"))
        : orders.file(uuid(message.body(), "ownerId"), message.body().getJsonObject("order"),
          uuid(message.body(), "directiveId"))).map(Order::toJson))),
      bus.consumer(DirectivesAddresses.UPDATE_ORDER, message -> BusCalls.reply(message, orders.update(
        uuid(message.body(), "ownerId"), uuid(message.body(), "orderId"), message.body().getJsonObject("changes"))
        .map(Order::toJson))),
      bus.consumer(DirectivesAddresses.DELETE_ORDER, message -> BusCalls.reply(message, orders.delete(
        uuid(message.body(), "ownerId"), uuid(message.body(), "orderId")))),
      bus.consumer(DirectivesAddresses.CREATE_DIRECTIVE, message -> BusCalls.reply(message, directives.create(
        uuid(message.body(), "ownerId"), message.body().getJsonObject("directive")).map(Directive::toJson))),
      bus.consumer(DirectivesAddresses.UPDATE_DIRECTIVE, message -> BusCalls.reply(message, directives.update(
        uuid(message.body(), "ownerId"), uuid(message.body(), "directiveId"), message.body().getInteger("version"),
        message.body().getJsonObject("changes")).map(Directive::toJson))),
      bus.consumer(DirectivesAddresses.DELETE_DIRECTIVE, message -> BusCalls.reply(message, directives.delete(
        uuid(message.body(), "ownerId"), uuid(message.body(), "directiveId")))),
      bus.consumer(DirectivesAddresses.MOVE_DIRECTIVE, message -> BusCalls.reply(message,
        move(directives, message.body()).map(Directive::toJson))),
      bus.consumer(DirectivesAddresses.SUBMIT_PLAN, message -> BusCalls.reply(message, directives.submitPlan(
        uuid(message.body(), "ownerId"), uuid(message.body(), "directiveId"), message.body().getJsonObject("plan"),
        uuid(message.body(), "taskId")).map(Directive::toJson))));
    Future.all(consumers.stream().map(BusCalls::registered).toList()).<Void>mapEmpty().onComplete(started);
  }

  private static Future<Directive> move(DirectiveLifecycle directives, JsonObject request) {
    UUID ownerId = uuid(request, "ownerId");
    UUID directiveId = uuid(request, "directiveId");
    return switch (request.getString("action")) {
      case "start" -> directives.start(ownerId, directiveId);
      case "pause" -> directives.pause(ownerId, directiveId);
      case "resume" -> directives.resume(ownerId, directiveId);
      case "archive" -> directives.archive(ownerId, directiveId);
      default -> Future.failedFuture(new IllegalArgumentException("unknown action " + request.getString("action")));
    };
  }
}
