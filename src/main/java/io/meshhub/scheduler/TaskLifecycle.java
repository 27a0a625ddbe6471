package io.meshhub.scheduler;

import io.meshhub.auth.KeyRepository;
import io.meshhub.http.ApiException;
import io.meshhub.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.Optional;

/**
 * The task state changes the scheduler performs on request: create, edit while pending, cancel. Each change and
 * its event-log entry are written in one transaction, guarded in SQL so that they hold across hub nodes.
 */
final class TaskLifecycle {

  private static final int DEFAULT_PRIORITY = 0;

  private final Pool pool;
  private final TaskRepository tasks;
  private final KeyRepository keys;
  private final int defaultMaxRetries;

  TaskLifecycle(Pool pool, TaskRepository tasks, KeyRepository keys, int defaultMaxRetries) {
    this.pool = pool;
    this.tasks = tasks;
    this.keys = keys;
    this.defaultMaxRetries = defaultMaxRetries;
  }

  /** Creates a pending task; a parent task must be one of the owner's, and the child sits one level below it. */
  Future<Task> create(NewTask request) {
    Future<Integer> depth = request.parentTaskId() == null
      ? Future.succeededFuture(0)
      : tasks.find(request.ownerId(), request.parentTaskId())
        .map(parent -> parent.orElseThrow(() -> ApiException.notFound("parent task")).depth() + 1);
    int priority = request.priority() == null ? DEFAULT_PRIORITY : request.priority();
    int maxRetries = request.maxRetries() == null ? defaultMaxRetries : request.maxRetries();
    return depth.compose(level -> pool.withTransaction(conn ->
      tasks.insert(conn, request, priority, level, maxRetries)
        .compose(task -> recordStatus(conn, task, "created"))));
  }

  /** Edits a pending task at the version the caller saw. */
  Future<Task> update(TaskPatch patch) {
    return pool.withTransaction(conn -> tasks.patchPending(conn, patch))
      .compose(updated -> updated.map(Future::succeededFuture)
        .orElseGet(() -> explainRefusedPatch(patch)));
  }

  /** Cancels a task that is not final yet; its tool keys die with it. */
  Future<Task> cancel(TaskRef ref) {
    return pool.withTransaction(conn -> tasks.cancel(conn, ref)
        .compose(cancelled -> cancelled.isEmpty()
          ? Future.succeededFuture(Optional.<Task>empty())
          : keys.revokeToolKeys(conn, ref.taskId())
            .compose(revoked -> recordStatus(conn, cancelled.get(), "cancelled by owner"))
            .map(Optional::of)))
      .compose(cancelled -> cancelled.map(Future::succeededFuture).orElseGet(() -> explainRefusedCancel(ref)));
  }

  private Future<Task> recordStatus(SqlClient conn, Task task, String reason) {
    return tasks.appendEvent(conn, task, TaskEvent.STATUS_CHANGE, TaskEvent.statusChange(task.status(), reason))
      .map(task);
  }

  /** The guarded update touched nothing: say why, most fundamental reason first. */
  private Future<Task> explainRefusedPatch(TaskPatch patch) {
    return tasks.find(patch.ownerId(), patch.taskId()).compose(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      if (task.status() != TaskStatus.PENDING) {
        throw new ApiException(ErrorCode.INVALID_STATE,
          "task is " + task.status().wire() + "; only a pending task can be edited");
      }
      throw new ApiException(ErrorCode.CONFLICT,
        "task is at version " + task.version() + ", not " + patch.version());
    });
  }

  private Future<Task> explainRefusedCancel(TaskRef ref) {
    return tasks.find(ref.ownerId(), ref.taskId()).compose(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      throw new ApiException(ErrorCode.INVALID_STATE, "task is already " + task.status().wire());
    });
  }
}
