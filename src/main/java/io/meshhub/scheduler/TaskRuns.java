package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.WriteBatch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler's side of tasks running on daemons: the daemon's status and completion reports, the loss of a
 * daemon, and the reconciliation of what a (re)connecting daemon says it runs. Every change frees what it must and
 * kicks the loop, since a freed slot or an interrupted task is work for it.
 */
final class TaskRuns {

  /** What a daemon may say of a task it runs; its end comes as taskComplete. */
  private static final List<TaskStatus> REPORTED = List.of(TaskStatus.RUNNING, TaskStatus.PAUSED);

  private final RunningTaskRepository runs;
  private final TaskUpdates updates;
  private final Runnable kick;
  private final Runnable kickAfterRetryCooldown;
  private final long startGraceMs;
  private final WriteBatch<RunningTaskRepository.Completion, Optional<Task>> completions;

  /**
   * {@code startGraceMs}: how long a daemon has to list a task it was given (the daemons' silence timeout) before its
   * heartbeats' silence about it counts.
   */
  TaskRuns(RunningTaskRepository runs, TaskUpdates updates, Runnable kick, Runnable kickAfterRetryCooldown,
           long startGraceMs) {
    this.runs = runs;
    this.startGraceMs = startGraceMs;
    this.updates = updates;
    this.kick = kick;
    this.kickAfterRetryCooldown = kickAfterRetryCooldown;
    this.completions = new WriteBatch<>(runs::complete);
  }

  /** A {@code taskStatus} or {@code taskComplete} frame from the daemon's session. */
  Future<JsonObject> report(UUID daemonId, JsonObject frame) {
    UUID taskId = UUID.fromString(frame.getString("taskId"));
    if ("taskComplete".equals(frame.getString("type"))) {
      return completions.add(RunningTaskRepository.Completion.of(daemonId, frame))
        .map(completed -> applied(completed, taskId, true));
    }
    TaskStatus status = REPORTED.stream().filter(reported -> reported.wire().equals(frame.getString("status")))
      .findFirst().orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_ERROR,
        "taskStatus status must be running or paused"));
    return runs.reportStatus(taskId, daemonId, status).map(changed -> applied(changed, taskId, false));
  }

  private JsonObject applied(Optional<Task> changed, UUID taskId, boolean freesSlot) {
    Task task = changed.orElseThrow(() -> new ApiException(ErrorCode.NOT_ASSIGNED, "task " + taskId
      + " is not assigned to this daemon"));
    updates.changed(task, freesSlot ? List.of("status", "outputSummary", "errorMessage", "completedAt")
      : List.of("status", "startedAt"), TaskUpdates.BY_DAEMON);
    if (freesSlot) {
      kick.run();
    }
    return new JsonObject();
  }

  /**
   * The daemon's session ended: unless a newer session holds it, the daemon is disconnected and its tasks are
   * retried elsewhere, or fail when out of retries. Replies {@code {lost, interrupted}}.
   */
  Future<JsonObject> daemonLost(UUID daemonId, UUID sessionId, String reason) {
    return runs.loseDaemon(daemonId, sessionId, "daemon " + daemonId + " lost (" + reason + ")")
      .map(interrupted -> {
        interrupted.ifPresent(this::announceInterrupted);
        return new JsonObject().put("lost", interrupted.isPresent())
          .put("interrupted", interrupted.map(List::size).orElse(0));
      });
  }

  /**
   * A daemon is (re)registering, listing what it runs: tasks it no longer runs are retried
   * ({@code interruptedTaskIds}); the listed tasks that are not its own it must stop ({@code interruptTaskIds}).
   */
  Future<JsonObject> reconcile(UUID daemonId, List<UUID> runningTaskIds) {
    return runs.interruptUnlisted(daemonId, runningTaskIds, "daemon " + daemonId + " reconnected without the task")
      .compose(interrupted -> {
        announceInterrupted(interrupted);
        return runs.notAssigned(daemonId, runningTaskIds).map(stop -> new JsonObject()
          .put("interruptTaskIds", ids(stop))
          .put("interruptedTaskIds", ids(interrupted.stream().map(Task::id).toList())));
      });
  }

  /**
   * A heartbeat listing what the daemon runs: tasks missing from it twice in a row are interrupted and retried
   * ({@code suspects} are those missing last time); listed tasks that are not the daemon's it must stop. Replies
   * {@code {interruptTaskIds, missingTaskIds}}, the latter being the suspects of the next heartbeat.
   */
  Future<JsonObject> heartbeat(UUID daemonId, List<UUID> listed, List<UUID> suspects) {
    return runs.interruptMissingTwice(daemonId, listed, suspects, startGraceMs, "daemon " + daemonId
        + " no longer lists the task in its heartbeats")
      .compose(interrupted -> {
        announceInterrupted(interrupted);
        return Future.all(runs.missing(daemonId, listed), runs.notAssigned(daemonId, listed));
      })
      .map(found -> new JsonObject().put("interruptTaskIds", ids(found.resultAt(1)))
        .put("missingTaskIds", ids(found.resultAt(0))));
  }

  private static JsonArray ids(List<UUID> ids) {
    return new JsonArray(ids.stream().map(UUID::toString).toList());
  }

  /**
   * Tasks that claim a daemon that is not connected, and has not been heard of for {@code graceMs}, are retried:
   * after a restart, or the death of the hub node that held the daemon.
   */
  Future<Integer> interruptOrphans(long graceMs) {
    return runs.interruptOrphans("its daemon did not come back in time", graceMs).map(tasks -> {
      announceInterrupted(tasks);
      return tasks.size();
    });
  }

  private void announceInterrupted(List<Task> tasks) {
    updates.changed(tasks, List.of("status", "daemonId", "retryCount", "failedDaemonIds"), TaskUpdates.BY_SCHEDULER);
    if (!tasks.isEmpty()) {
      kick.run();
      kickAfterRetryCooldown.run();
    }
  }
}
