package io.meshhub.supervisor;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.scheduler.MergeRequest;
import io.meshhub.scheduler.PullRequest;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Task;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What a supervisor does in worktrees, through the daemon that holds them: read a file, diff, merge, branch,
 * open a PR, checkpoint. Every answer is the daemon's own ({@code commandResult}); a daemon that is gone is 503,
 * one that does not answer in time 504.
 */
public final class WorktreeRoutes implements HttpRoutes {

  /** The scheduler answers a merge once the daemon did (the command timeout), plus this. */
  private static final long REPLY_MARGIN_MS = 5_000;

  private final EventBus bus;
  private final SupervisorRepository supervisor;
  private final Tasks tasks;
  private final Orchestration orchestration;
  private final MeshhubConfig.Daemons timings;

  public WorktreeRoutes(EventBus bus, Pool pool, MeshhubConfig.Daemons timings) {
    this.bus = bus;
    this.supervisor = new SupervisorRepository(pool);
    this.tasks = Tasks.of(pool);
    this.orchestration = new Orchestration(tasks);
    this.timings = timings;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("readTaskFile").handler(Responses.json(200, this::readFile));
    builder.operation("mergeTask").handler(Responses.json(200, this::merge));
    builder.operation("getTaskDiff").handler(Responses.json(200, this::diff));
    builder.operation("rewindTaskCode").handler(Responses.json(200, this::rewind));
    builder.operation("createBranch").handler(Responses.json(201, this::branch));
    builder.operation("createPullRequest").handler(Responses.json(201, this::pullRequest));
    builder.operation("createCheckpoint").handler(Responses.json(202, this::checkpoint));
    builder.operation("listCheckpoints").handler(Responses.json(200, this::checkpoints));
  }

  private Future<JsonObject> readFile(RoutingContext ctx) {
    String filePath = Params.of(ctx).body().getString("filePath");
    checkInsideWorktree(filePath);
    return orchestration.target(Caller.of(ctx), Params.of(ctx).pathUuid("taskId")).compose(task ->
      command(task, DaemonCommands.command("readFile", task.id()).put("filePath", filePath))
        .map(data -> new JsonObject().put("taskId", task.id().toString()).put("filePath", filePath)
          .put("content", data.getString("content")).put("exists", data.getBoolean("exists", false))));
  }

  /**
   * A path must stay inside the worktree: relative, and no {@code ..} that climbs out of it. Backslashes and drive
   * letters are refused wherever they are, since a daemon on Windows reads them as separators and roots.
   */
  static void checkInsideWorktree(String filePath) {
    boolean inside;
    try {
      Path path = Path.of(filePath).normalize();
      inside = !filePath.isBlank() && !filePath.startsWith("/") && !filePath.contains("\\")
        && !filePath.startsWith("~") && !path.isAbsolute() && !path.startsWith("..")
        && !filePath.matches("^[A-Za-z]:.*");
    } catch (InvalidPathException e) {
      inside = false;
    }
    if (!inside) {
      throw new ApiException(ErrorCode.VALIDATION_ERROR, "body field 'filePath' must be a path inside the worktree");
    }
  }

  /** Merges the task's work into its target (the scheduler's sequence: merge, merged, history). */
  private Future<JsonObject> merge(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    Caller caller = Caller.of(ctx);
    return orchestration.target(caller, Params.of(ctx).pathUuid("taskId")).compose(task -> BusCalls.ask(bus, ctx,
      SchedulerAddresses.MERGE, new MergeRequest(caller.ownerId(), task.id(), caller.taskId(),
        body.getString("targetBranch"), body.getBoolean("squash", false)).toJson(),
      timings.commandTimeoutMs() + REPLY_MARGIN_MS));
  }

  private Future<JsonObject> diff(RoutingContext ctx) {
    return orchestration.target(Caller.of(ctx), Params.of(ctx).pathUuid("taskId")).compose(task ->
      command(task, DaemonCommands.command("getTaskDiff", task.id()))
        .map(data -> new JsonObject().put("taskId", task.id().toString())
          .put("success", data.getBoolean("success", false)).put("diff", data.getString("diff"))
          .put("error", data.getString("error"))));
  }

  /** Resets the task's worktree to a commit (a checkpoint's, usually): what came after it is discarded. */
  private Future<JsonObject> rewind(RoutingContext ctx) {
    String commitSha = Params.of(ctx).body().getString("commitSha");
    return orchestration.target(Caller.of(ctx), Params.of(ctx).pathUuid("taskId")).compose(task ->
      command(task, DaemonCommands.command("rewindCode", task.id()).put("commitSha", commitSha))
        .map(data -> new JsonObject().put("taskId", task.id().toString())
          .put("success", data.getBoolean("success", false)).put("message", data.getString("message"))
          .put("commitSha", commitSha)));
  }

  /** A branch in the supervisor's own worktree. */
  private Future<JsonObject> branch(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    return orchestration.orchestrator(Caller.of(ctx)).compose(self ->
      command(self, DaemonCommands.command("createBranch", self.id()).put("branchName", body.getString("branchName"))
          .put("fromRef", body.getString("fromRef")))
        .map(data -> new JsonObject().put("success", data.getBoolean("success", false))
          .put("branchName", body.getString("branchName")).put("message", data.getString("message"))));
  }

  /** A pull request from the supervisor's worktree (the scheduler's sequence: open it, record it). */
  private Future<JsonObject> pullRequest(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    return orchestration.orchestrator(Caller.of(ctx)).compose(self -> BusCalls.ask(bus, ctx,
      SchedulerAddresses.PULL_REQUEST, new PullRequest(self.ownerId(), self.id(), body.getString("title"),
        body.getString("body"), body.getString("branch")).toJson(), timings.commandTimeoutMs() + REPLY_MARGIN_MS));
  }

  /**
   * A checkpoint of the caller's own task: the real number and commit once the daemon reports them, or
   * {@code commitSha} {@link CheckpointState#PENDING} if it has not within the checkpoint wait (the checkpoint is
   * still taken).
   */
  private Future<JsonObject> checkpoint(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID taskId = Params.of(ctx).pathUuid("taskId");
    String message = Params.of(ctx).body().getString("message");
    if (!taskId.equals(caller.taskId())) {
      return Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "a task checkpoints only itself"));
    }
    return orchestration.self(caller).compose(self -> DaemonCommands.send(bus, Orchestration.daemonOf(self),
        DaemonCommands.command("createCheckpoint", self.id()).put("message", message), timings.checkpointWaitMs())
      .compose(result -> supervisor.latestCheckpoint(caller.ownerId(), taskId))
      .map(latest -> latest.map(row -> new JsonObject().put("taskId", taskId.toString())
          .put("checkpointNumber", row.getInteger("checkpointNumber")).put("commitSha", row.getString("commitSha"))
          .put("message", row.getString("message")))
        .orElseGet(() -> pending(taskId, message)))
      .recover(failure -> isTimeout(failure) ? Future.succeededFuture(pending(taskId, message))
        : Future.failedFuture(failure)));
  }

  private static JsonObject pending(UUID taskId, String message) {
    return new JsonObject().put("taskId", taskId.toString()).put("checkpointNumber", null)
      .put("commitSha", CheckpointState.PENDING.wire()).put("message", message);
  }

  private static boolean isTimeout(Throwable failure) {
    ErrorCode code = failure instanceof ApiException api ? api.code()
      : failure instanceof ReplyException reply ? ErrorCode.fromNumber(reply.failureCode()) : null;
    return code == ErrorCode.DAEMON_TIMEOUT;
  }

  /** The task's checkpoints, for its owner or any task of the owner. */
  private Future<JsonObject> checkpoints(RoutingContext ctx) {
    UUID ownerId = Caller.of(ctx).ownerId();
    UUID taskId = Params.of(ctx).pathUuid("taskId");
    return tasks.find(ownerId, taskId)
      .map(task -> task.orElseThrow(() -> ApiException.notFound("task")))
      .compose(task -> supervisor.checkpoints(ownerId, taskId, Params.of(ctx).limit(), Params.of(ctx).offset()))
      .map(list -> new JsonObject().put("taskId", taskId.toString()).put("checkpoints", new JsonArray(list)));
  }

  /** Sends a command to the daemon holding the task's worktree and returns the data of its answer. */
  private Future<JsonObject> command(Task task, JsonObject command) {
    return DaemonCommands.send(bus, Orchestration.daemonOf(task), command, timings.commandTimeoutMs())
      .map(result -> {
        JsonObject data = result.getJsonObject("data", new JsonObject()).copy();
        return data.put("success", result.getBoolean("success", false))
          .put("message", data.getString("message", result.getString("message")));
      });
  }
}
