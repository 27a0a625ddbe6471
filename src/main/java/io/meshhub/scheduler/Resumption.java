package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * An owner's resume of a contract's supervisor: re-queued with its restoration recorded (one transaction), then
 * placed on a daemon at once ({@code continue}, {@code from_checkpoint}) or left to the loop ({@code restart_phase}).
 * Its restoration on the daemon follows the {@code task.supervisorRestarted} fact, as after any placement.
 */
final class Resumption {

  private final TaskRepository tasks;
  private final TaskUpdates updates;
  private final TryStartPendingLoop loop;

  Resumption(TaskRepository tasks, TaskUpdates updates, TryStartPendingLoop loop) {
    this.tasks = tasks;
    this.updates = updates;
    this.loop = loop;
  }

  /** Replies {@code {status, daemonId, restorationCount}}: where the supervisor is once the resume is done. */
  Future<JsonObject> resume(ResumeRequest request) {
    return tasks.resume(request).compose(resumed -> {
      Task task = resumed.task();
      updates.changed(task, List.of("status", "daemonId", "retryCount"), TaskUpdates.BY_OWNER);
      if (!request.mode().startsNow()) {
        loop.kick();
        return Future.succeededFuture(answer(task.status(), null, resumed.restorationCount()));
      }
      return loop.startNow(task).compose(daemon -> daemon.isPresent()
        ? Future.succeededFuture(answer(TaskStatus.STARTING, daemon.get(), resumed.restorationCount()))
        // Another start may have taken it first, or no daemon was free after all: the loop places it later.
        : tasks.find(task.ownerId(), task.id()).map(now -> {
          Task current = now.orElse(task);
          if (current.status() == TaskStatus.PENDING) {
            loop.kick();
          }
          return answer(current.status(), current.daemonId(), resumed.restorationCount());
        }));
    });
  }

  private static JsonObject answer(TaskStatus status, UUID daemonId, int restorationCount) {
    return new JsonObject().put("status", status.wire()).put("daemonId", text(daemonId))
      .put("restorationCount", restorationCount);
  }
}
