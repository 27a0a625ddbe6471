package io.meshhub.supervisor;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.JsonFields;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.directives.DirectivesAddresses;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.SpawnRequest;
import io.meshhub.scheduler.Task;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How a supervisor task orchestrates its contract: the contract's tasks (flat or as a tree), spawning a task
 * (scheduled like any other, capacity respected), and waiting for a task to end.
 */
public final class SupervisorRoutes implements HttpRoutes {

  private static final long DEFAULT_WAIT_SECONDS = 300;

  private final EventBus bus;
  private final SupervisorRepository supervisor;
  private final Tasks tasks;
  private final Orchestration orchestration;
  private final TaskCompletions completions;

  public SupervisorRoutes(Vertx vertx, Pool pool) {
    this.bus = vertx.eventBus();
    this.supervisor = new SupervisorRepository(pool);
    this.tasks = Tasks.of(pool);
    this.orchestration = new Orchestration(tasks);
    this.completions = new TaskCompletions(vertx);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("listContractTasks").handler(Responses.json(200, ctx -> contractTasks(ctx, false)));
    builder.operation("getContractTaskTree").handler(Responses.json(200, ctx -> contractTasks(ctx, true)));
    builder.operation("spawnTask").handler(Responses.json(201, this::spawn));
    builder.operation("waitForTask").handler(Responses.json(200, this::waitFor));
  }

  private Future<JsonObject> contractTasks(RoutingContext ctx, boolean asTree) {
    Caller caller = Caller.of(ctx);
    UUID contractId = Params.of(ctx).pathUuid("contractId");
    return supervisor.contractSupervisor(caller.ownerId(), contractId)
      .map(found -> found.orElseThrow(() -> ApiException.notFound("contract")))
      .compose(supervisorTask -> orchestration.orchestratorOf(caller, contractId)
        .compose(allowed -> supervisor.contractTasks(caller.ownerId(), contractId))
        .map(list -> new JsonObject()
          .put("tasks", asTree ? tree(list) : new JsonArray(list.stream().map(SupervisorRoutes::summary).toList()))
          .put("supervisorTaskId", supervisorTask.map(UUID::toString).orElse(null))
          .put("totalCount", list.size())));
  }

  /** Tasks nested under their parents; a task whose parent is not of the contract is a root. */
  private static JsonArray tree(List<Task> list) {
    Set<UUID> ids = list.stream().map(Task::id).collect(Collectors.toSet());
    Map<UUID, List<Task>> children = list.stream().filter(task -> task.parentTaskId() != null
      && ids.contains(task.parentTaskId())).collect(Collectors.groupingBy(Task::parentTaskId));
    return new JsonArray(list.stream().filter(task -> task.parentTaskId() == null
      || !ids.contains(task.parentTaskId())).map(root -> node(root, children)).toList());
  }

  private static JsonObject node(Task task, Map<UUID, List<Task>> children) {
    return summary(task).put("children", new JsonArray(children.getOrDefault(task.id(), List.of()).stream()
      .map(child -> node(child, children)).toList()));
  }

  private static JsonObject summary(Task task) {
    return new JsonObject()
      .put("id", task.id().toString())
      .put("name", task.name())
      .put("status", task.status().wire())
      .put("parentTaskId", task.parentTaskId() == null ? null : task.parentTaskId().toString())
      .put("depth", task.depth())
      .put("isSupervisor", task.isSupervisor())
      .put("daemonId", task.daemonId() == null ? null : task.daemonId().toString())
      .put("outputSummary", task.outputSummary())
      .put("errorMessage", task.errorMessage())
      .put("createdAt", task.createdAt())
      .put("completedAt", task.completedAt());
  }

  /**
   * Spawns a task of the contract, if the caller supervises it; the repository asked for, else the contract's. The
   * spawn rules are the scheduler's.
   */
  private Future<JsonObject> spawn(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Params.of(ctx).body();
    UUID contractId = UUID.fromString(body.getString("contractId"));
    return orchestration.orchestratorOf(caller, contractId).compose(spawner -> repositoryFor(caller, contractId,
      body.getString("repositoryUrl")).compose(repository -> BusCalls.ask(bus, ctx, SchedulerAddresses.SPAWN,
        new SpawnRequest(caller.ownerId(), spawner.id(), contractId, body.getString("name"), body.getString("plan"),
          repository, JsonFields.uuid(body, "parentTaskId"), body.getBoolean("useOwnWorktree", false),
          body.getString("checkpointSha")).toJson())));
  }

  /** The repository asked for, else the contract's; null when neither has one. */
  private Future<String> repositoryFor(Caller caller, UUID contractId, String requested) {
    if (requested != null && !requested.isBlank()) {
      return Future.succeededFuture(requested);
    }
    return supervisor.contractRepository(caller.ownerId(), contractId).map(found -> found.orElse(null));
  }

  /** Returns the moment the task ends, or at the timeout with {@code completed:false}; kicks the scheduler. */
  private Future<JsonObject> waitFor(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID taskId = Params.of(ctx).pathUuid("taskId");
    long timeoutMs = Params.of(ctx).body().getLong("timeoutSeconds", DEFAULT_WAIT_SECONDS) * 1000;
    Promise<Void> clientGone = Promise.promise();
    ctx.response().closeHandler(closed -> clientGone.tryComplete());
    return orchestration.target(caller, taskId).compose(task -> task.status().isFinal()
      ? Future.succeededFuture(waitResult(task, true))
      : awaitEnd(caller.ownerId(), caller.taskId(), task, timeoutMs, clientGone.future()));
  }

  private Future<JsonObject> awaitEnd(UUID ownerId, UUID supervisorTaskId, Task task, long timeoutMs,
                                      Future<Void> clientGone) {
    TaskCompletions.Wait wait = completions.await(task.id(), timeoutMs, clientGone);
    bus.send(DirectivesAddresses.SUPERVISOR_WAITING, new JsonObject()
      .put("supervisorTaskId", supervisorTaskId.toString()).put("taskId", task.id().toString()));
    bus.send(SchedulerAddresses.KICK, new JsonObject());
    // It may have ended between the first read and the moment ends were heard: look once more before waiting.
    Future<Task> endedOrTimedOut = wait.listening().compose(listening -> tasks.find(ownerId, task.id()))
      .compose(now -> now.filter(current -> current.status().isFinal()).map(Future::succeededFuture)
        .orElse(wait.ended()));
    return endedOrTimedOut.compose(done -> done != null
      ? Future.succeededFuture(waitResult(done, true))
      : tasks.find(ownerId, task.id()).map(current -> waitResult(current.orElse(task), false)));
  }

  private static JsonObject waitResult(Task task, boolean completed) {
    return new JsonObject().put("taskId", task.id().toString()).put("status", task.status().wire())
      .put("completed", completed).put("outputSummary", task.outputSummary());
  }
}
