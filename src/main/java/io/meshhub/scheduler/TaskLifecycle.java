package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.WriteBatch;
import io.meshhub.daemons.DaemonCommands;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The task changes owners ask for: create, edit while pending, cancel, re-queue. Each is one guarded statement;
 * when the guard refuses, the current row says why (not found, wrong state, stale version).
 */
final class TaskLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TaskLifecycle.class);
  private static final int DEFAULT_PRIORITY = 0;
  /** A red-team monitor starts before the ordinary work it watches (a supervisor has 5). */
  private static final int RED_TEAM_PRIORITY = 1;

  private final EventBus bus;
  private final TaskRepository tasks;
  private final TaskUpdates updates;
  private final Runnable kick;
  private final int defaultMaxRetries;
  /** Tasks created while others are being written go together in one statement. */
  private final WriteBatch<TaskCreation, Optional<Task>> creations;

  TaskLifecycle(EventBus bus, TaskRepository tasks, TaskUpdates updates, Runnable kick, int defaultMaxRetries) {
    this.bus = bus;
    this.tasks = tasks;
    this.updates = updates;
    this.kick = kick;
    this.defaultMaxRetries = defaultMaxRetries;
    this.creations = new WriteBatch<>(tasks::insertAll);
  }

  /** Creates a pending task and starts the loop at once; a parent must be the owner's, the child one level below. */
  Future<Task> create(NewTask request) {
    Future<Integer> depth = request.parentTaskId() == null
      ? Future.succeededFuture(0)
      : tasks.find(request.ownerId(), request.parentTaskId())
        .map(parent -> parent.orElseThrow(() -> ApiException.notFound("parent task")).depth() + 1);
    int priority = request.priority() == null ? DEFAULT_PRIORITY : request.priority();
    int maxRetries = request.maxRetries() == null ? defaultMaxRetries : request.maxRetries();
    return depth.compose(level -> creations.add(new TaskCreation(UUID.randomUUID(), request, priority,
        level, maxRetries)))
      .map(created -> created.orElseThrow(() -> ApiException.notFound("contract")))
      .onSuccess(created -> {
        kick.run();
        updates.changed(created, List.of("status"), TaskUpdates.BY_OWNER);
      });
  }

  /** Creates the contract's red-team monitor unless it has one; replies {@code {created}}. */
  Future<JsonObject> createRedTeamMonitor(UUID ownerId, UUID contractId, String plan) {
    return tasks.insertRedTeamMonitor(ownerId, contractId, plan, RED_TEAM_PRIORITY, defaultMaxRetries)
      .map(created -> {
        created.ifPresent(monitor -> {
          kick.run();
          updates.changed(monitor, List.of("status"), TaskUpdates.BY_SCHEDULER);
        });
        return new JsonObject().put("created", created.isPresent());
      });
  }

  /**
   * A supervisor spawns a task of its contract into the normal queue: the spawner is its parent unless another is
   * named, it works in the spawner's worktree unless it asks for its own, on the spawner's branches and for the
   * spawner's directive. A task with no repository (none asked for, none on the contract) is refused.
   */
  Future<Task> spawn(SpawnRequest request) {
    if (request.repositoryUrl() == null || request.repositoryUrl().isBlank()) {
      return Future.failedFuture(new ApiException(ErrorCode.MISSING_REPO_URL,
        "no repositoryUrl given and the contract has no repository"));
    }
    return tasks.find(request.ownerId(), request.spawnerId())
      .map(found -> found.orElseThrow(() -> ApiException.notFound("task")))
      .compose(spawner -> create(new NewTask(request.ownerId(), request.name(), request.plan(), null,
        request.repositoryUrl(), spawner.baseBranch(), spawner.targetBranch(), request.contractId(),
        request.parentTaskId() != null ? request.parentTaskId() : spawner.id(), null, false,
        request.useOwnWorktree() ? null : spawner.id(), request.checkpointSha(), spawner.id(),
        spawner.directiveId())))
      .onSuccess(spawned -> bus.publish(SchedulerAddresses.SPAWNED, spawned.toJson()
        .put("spawnedBy", request.spawnerId().toString())));
  }

  /** Edits a pending task at the version the caller saw. */
  Future<Task> update(TaskPatch patch) {
    return tasks.patchPending(patch)
      .compose(updated -> updated.map(Future::succeededFuture).orElseGet(() -> explainRefusedPatch(patch)))
      .onSuccess(updated -> updates.changed(updated, List.of("name", "plan", "priority"), TaskUpdates.BY_OWNER));
  }

  /** Cancels a task that is not final yet; a daemon running it is told to stop, and its slot goes to other work. */
  Future<Task> cancel(TaskRef ref) {
    return tasks.cancel(ref).compose(cancelled -> {
      if (cancelled.isEmpty()) {
        return explainRefusedCancel(ref);
      }
      Task task = cancelled.get().task();
      if (cancelled.get().previousStatus().isOnDaemon()) {
        tellDaemonToStop(task);
        kick.run();
      }
      updates.changed(task, List.of("status", "completedAt"), TaskUpdates.BY_OWNER);
      return Future.succeededFuture(task);
    });
  }

  /** Re-queues a failed or cancelled task. */
  Future<Task> retry(TaskRef ref) {
    return tasks.retry(ref)
      .compose(requeued -> requeued.map(Future::succeededFuture).orElseGet(() -> explainRefusedRetry(ref)))
      .onSuccess(requeued -> {
        kick.run();
        updates.changed(requeued, List.of("status", "retryCount", "failedDaemonIds"), TaskUpdates.BY_OWNER);
      });
  }

  /** A done task's work was merged into its target branch. */
  Future<Task> markMerged(TaskRef ref) {
    return tasks.markMerged(ref)
      .map(merged -> merged.orElseThrow(() -> new ApiException(ErrorCode.INVALID_STATE, "only a done task is merged")))
      .onSuccess(merged -> updates.changed(merged, List.of("status"), TaskUpdates.BY_SCHEDULER));
  }

  private void tellDaemonToStop(Task task) {
    DaemonCommands.send(bus, task.daemonId(), DaemonCommands.command("interruptTask", task.id())
        .put("reason", "cancelled by owner"), DaemonCommands.DELIVERY_TIMEOUT_MS)
      .onFailure(failure -> log.info("Cancelled task {} could not be stopped on daemon {}: {}", task.id(),
        task.daemonId(), failure.getMessage()));
  }

  /** The guarded update touched nothing: say why, most fundamental reason first. */
  private Future<Task> explainRefusedPatch(TaskPatch patch) {
    return tasks.find(patch.ownerId(), patch.taskId()).map(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      if (task.status() != TaskStatus.PENDING) {
        throw new ApiException(ErrorCode.INVALID_STATE,
          "task is " + task.status().wire() + "; only a pending task can be edited");
      }
      throw new ApiException(ErrorCode.CONFLICT, "task is at version " + task.version() + ", not " + patch.version());
    });
  }

  private Future<Task> explainRefusedRetry(TaskRef ref) {
    return tasks.find(ref.ownerId(), ref.taskId()).map(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      throw new ApiException(ErrorCode.INVALID_STATE,
        "task is " + task.status().wire() + "; only a failed or cancelled task can be retried");
    });
  }

  private Future<Task> explainRefusedCancel(TaskRef ref) {
    return tasks.find(ref.ownerId(), ref.taskId()).map(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      throw new ApiException(ErrorCode.INVALID_STATE, "task is already " + task.status().wire());
    });
  }
}
