package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.history.History;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A task's work leaving its worktree. A merge: the daemon holding the worktree merges it into the target branch, a
 * merged task that was done becomes {@code merged}, and the merge goes into the owner's history. A pull request:
 * the daemon opens it, and it goes into the history. The scheduler owns these sequences because it owns the task's
 * status.
 */
final class Integrations {

  private final EventBus bus;
  private final TaskRepository tasks;
  private final TaskLifecycle lifecycle;
  private final History history;
  private final long commandTimeoutMs;

  Integrations(EventBus bus, TaskRepository tasks, TaskLifecycle lifecycle, History history,
               long commandTimeoutMs) {
    this.bus = bus;
    this.tasks = tasks;
    this.lifecycle = lifecycle;
    this.history = history;
    this.commandTimeoutMs = commandTimeoutMs;
  }

  /** Replies {@code {taskId, success, message, commitSha, conflicts}}, as the daemon answered. */
  Future<JsonObject> merge(MergeRequest request) {
    return withWorktree(request.ownerId(), request.taskId()).compose(task -> {
      JsonObject command = DaemonCommands.command("mergeTaskToTarget", task.id())
        .put("targetBranch", request.targetBranch() != null ? request.targetBranch() : task.targetBranch())
        .put("squash", request.squash());
      return DaemonCommands.send(bus, task.daemonId(), command, commandTimeoutMs)
        .compose(result -> {
          JsonObject data = result.getJsonObject("data", new JsonObject());
          JsonObject merged = new JsonObject().put("taskId", task.id().toString())
            .put("success", result.getBoolean("success", false))
            .put("message", data.getString("message", result.getString("message")))
            .put("commitSha", data.getString("commitSha"))
            .put("conflicts", data.getJsonArray("conflicts", new JsonArray()));
          return merged.getBoolean("success") ? afterMerge(task, request, merged).map(merged)
            : Future.succeededFuture(merged);
        });
    });
  }

  /** Replies {@code {taskId, success, message, prUrl, prNumber}}, as the daemon answered. */
  Future<JsonObject> pullRequest(PullRequest request) {
    return withWorktree(request.ownerId(), request.taskId()).compose(task -> {
      JsonObject command = DaemonCommands.command("createPR", task.id()).put("title", request.title())
        .put("body", request.body()).put("baseBranch", task.baseBranch()).put("branch", request.branch());
      return DaemonCommands.send(bus, task.daemonId(), command, commandTimeoutMs).compose(result -> {
        JsonObject data = result.getJsonObject("data", new JsonObject());
        JsonObject opened = new JsonObject().put("taskId", task.id().toString())
          .put("success", result.getBoolean("success", false))
          .put("message", data.getString("message", result.getString("message")))
          .put("prUrl", data.getString("prUrl")).put("prNumber", data.getInteger("prNumber"));
        return !opened.getBoolean("success") ? Future.succeededFuture(opened)
          : history.record(task.ownerId(), task.contractId(), task.id(), "task", "pr_created", "task",
            new JsonObject().put("prUrl", opened.getString("prUrl")).put("prNumber", opened.getInteger("prNumber"))
              .put("branch", request.branch())).map(opened);
      });
    });
  }

  /** The owner's task, which a daemon must hold the worktree of: the one running it, or the one that ran it. */
  private Future<Task> withWorktree(UUID ownerId, UUID taskId) {
    return tasks.find(ownerId, taskId).map(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      if (task.daemonId() == null) {
        throw new ApiException(ErrorCode.DAEMON_UNAVAILABLE, "no daemon holds the task's worktree");
      }
      return task;
    });
  }

  private Future<Void> afterMerge(Task task, MergeRequest request, JsonObject merged) {
    Future<Void> marked = task.status() == TaskStatus.DONE
      ? lifecycle.markMerged(new TaskRef(task.ownerId(), task.id())).mapEmpty() : Future.succeededFuture();
    return marked.compose(done -> history.record(task.ownerId(), task.contractId(), task.id(), "task",
      TaskStatus.MERGED.wire(), "task", new JsonObject().put("commitSha", merged.getString("commitSha"))
        .put("mergedBy", request.mergedBy().toString())));
  }
}
