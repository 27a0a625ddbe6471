package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.daemons.DaemonCommands;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

/**
 * The owner's task endpoints. Reads go to the repository; every change is a request to the scheduler, which owns
 * task state.
 */
public final class TaskRoutes implements HttpRoutes {

  private final EventBus bus;
  private final TaskRepository tasks;

  public TaskRoutes(EventBus bus, Pool pool) {
    this.bus = bus;
    this.tasks = new TaskRepository(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("createTask").handler(Responses.json(201, this::createTask));
    builder.operation("listTasks").handler(Responses.json(200, this::listTasks));
    builder.operation("getTask").handler(Responses.json(200, this::getTask));
    builder.operation("updateTask").handler(Responses.json(200, this::updateTask));
    builder.operation("cancelTask").handler(Responses.json(200, this::cancelTask));
    builder.operation("listTaskEvents").handler(Responses.json(200, this::listTaskEvents));
    builder.operation("retryTask").handler(Responses.json(200, this::retryTask));
    builder.operation("sendTaskMessage").handler(Responses.json(200, this::sendTaskMessage));
    builder.operation("pauseTask").handler(Responses.json(202, ctx -> commandTaskOnDaemon(ctx, "pauseTask")));
    builder.operation("resumeTask").handler(Responses.json(202, ctx -> commandTaskOnDaemon(ctx, "resumeTask")));
  }

  private Future<JsonObject> createTask(RoutingContext ctx) {
    NewTask task = NewTask.fromRequest(Caller.of(ctx).ownerId(), Params.of(ctx).body());
    return BusCalls.ask(bus, ctx, SchedulerAddresses.CREATE, task.toJson());
  }

  private Future<JsonArray> listTasks(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String status = params.queryString("status");
    TaskQuery query = new TaskQuery(status == null ? null : TaskStatus.fromWire(status),
      params.queryUuid("contractId"), params.queryUuid("directiveId"), params.queryUuid("daemonId"),
      params.limit(), params.offset());
    return tasks.list(Caller.of(ctx).ownerId(), query).map(JsonArray::new);
  }

  private Future<JsonObject> getTask(RoutingContext ctx) {
    return tasks.find(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"))
      .map(task -> task.orElseThrow(() -> ApiException.notFound("task")).toJson());
  }

  private Future<JsonObject> updateTask(RoutingContext ctx) {
    Params params = Params.of(ctx);
    TaskPatch patch = TaskPatch.fromRequest(Caller.of(ctx).ownerId(), params.pathUuid("id"), params.body());
    return BusCalls.ask(bus, ctx, SchedulerAddresses.UPDATE, patch.toJson());
  }

  private Future<JsonObject> cancelTask(RoutingContext ctx) {
    TaskRef ref = new TaskRef(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"));
    return BusCalls.ask(bus, ctx, SchedulerAddresses.CANCEL, ref.toJson());
  }

  private Future<JsonObject> retryTask(RoutingContext ctx) {
    TaskRef ref = new TaskRef(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"));
    return BusCalls.ask(bus, ctx, SchedulerAddresses.RETRY, ref.toJson());
  }

  /** Forwards a message to the agent of a task that is on a daemon; it changes no state, so no verticle is asked. */
  private Future<JsonObject> sendTaskMessage(RoutingContext ctx) {
    Params params = Params.of(ctx);
    return sendToDaemon(ctx, params.pathUuid("id"), "sendMessage", new JsonObject()
      .put("message", params.body().getString("message")));
  }

  /**
   * Pause and resume are the daemon's to carry out: the task's status changes when the daemon reports that it
   * stopped or continued the agent ({@code taskStatus}), which the scheduler applies like any other report.
   */
  private Future<JsonObject> commandTaskOnDaemon(RoutingContext ctx, String command) {
    return sendToDaemon(ctx, Params.of(ctx).pathUuid("id"), command, new JsonObject());
  }

  private Future<JsonObject> sendToDaemon(RoutingContext ctx, UUID taskId, String command, JsonObject fields) {
    return tasks.find(Caller.of(ctx).ownerId(), taskId).compose(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      if (!task.status().isOnDaemon() || task.daemonId() == null) {
        throw new ApiException(ErrorCode.NO_DAEMON, "task is " + task.status().wire() + "; no daemon runs it");
      }
      return DaemonCommands.send(bus, task.daemonId(), DaemonCommands.command(command, task.id()).mergeIn(fields),
          DaemonCommands.DELIVERY_TIMEOUT_MS)
        .map(delivered -> new JsonObject().put("taskId", task.id().toString()).put("delivered", true));
    });
  }

  private Future<JsonArray> listTaskEvents(RoutingContext ctx) {
    Params params = Params.of(ctx);
    UUID ownerId = Caller.of(ctx).ownerId();
    UUID taskId = params.pathUuid("id");
    return tasks.find(ownerId, taskId)
      .compose(task -> task.isPresent()
        ? tasks.events(ownerId, taskId, params.queryLong("since", 0), params.limit())
        : Future.failedFuture(ApiException.notFound("task")))
      .map(events -> new JsonArray(events.stream().map(TaskEvent::toJson).toList()));
  }
}
