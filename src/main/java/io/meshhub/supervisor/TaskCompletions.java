package io.meshhub.supervisor;

import io.meshhub.core.BusCalls;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Task;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The waits of one HTTP verticle for tasks to end: woken by the {@code task.completed} event (published, so heard on
 * every node), by their own timer, or by their client leaving. Nothing polls.
 */
final class TaskCompletions {

  private static final Logger log = LoggerFactory.getLogger(TaskCompletions.class);

  private final Vertx vertx;
  private final Map<UUID, List<Promise<Task>>> waiting = new HashMap<>();
  private final MessageConsumer<JsonObject> completions;

  TaskCompletions(Vertx vertx) {
    this.vertx = vertx;
    this.completions = vertx.eventBus().consumer(SchedulerAddresses.TASK_COMPLETED, message -> {
      // Every task's end comes here and few are waited for: only those are read.
      List<Promise<Task>> waiters = waiting.remove(UUID.fromString(message.body().getString("id")));
      if (waiters != null) {
        Task task = Task.fromJson(message.body());
        waiters.forEach(waiter -> waiter.tryComplete(task));
      }
    });
  }

  Future<Void> ready() {
    return BusCalls.registered(completions);
  }

  /**
   * The task once it ends, or empty-handed ({@code null}) after {@code timeoutMs}; when {@code clientGone} completes
   * first, the wait ends at once with its timer (the request that waited has nobody to answer).
   */
  Future<Task> await(UUID taskId, long timeoutMs, Future<Void> clientGone) {
    Promise<Task> ended = Promise.promise();
    waiting.computeIfAbsent(taskId, id -> new ArrayList<>()).add(ended);
    long timer = vertx.setTimer(timeoutMs, fired -> stopWaiting(taskId, ended));
    log.debug("Waiting up to {} ms for task {} to end", timeoutMs, taskId);
    clientGone.onSuccess(gone -> {
      if (!ended.future().isComplete()) {
        log.debug("The client waiting for task {} left; its wait ended", taskId);
        stopWaiting(taskId, ended);
      }
    });
    return ended.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private void stopWaiting(UUID taskId, Promise<Task> ended) {
    List<Promise<Task>> waiters = waiting.get(taskId);
    if (waiters != null) {
      waiters.remove(ended);
      if (waiters.isEmpty()) {
        waiting.remove(taskId);
      }
    }
    ended.tryComplete(null);
  }
}
