package io.meshhub.supervisor;

import io.meshhub.core.BusCalls;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Task;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
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

  /**
   * A wait: {@code listening} completes once this instance hears task ends (the caller looks at the task once more
   * then, for an end that came before), {@code ended} with the task, or with {@code null} at the timeout.
   */
  record Wait(Future<Void> listening, Future<Task> ended) {
  }

  private final Vertx vertx;
  private final Map<UUID, List<Promise<Task>>> waiting = new HashMap<>();
  /**
   * Listens only while a wait is on: every task's end is published, each listener gets a copy of it, and almost
   * none is waited for.
   */
  private MessageConsumer<JsonObject> completions;
  private Future<Void> listening = Future.succeededFuture();

  TaskCompletions(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Waits for the task to end, or up to {@code timeoutMs}; when {@code clientGone} completes first, the wait ends at
   * once with its timer (the request that waited has nobody to answer).
   */
  Wait await(UUID taskId, long timeoutMs, Future<Void> clientGone) {
    if (completions == null) {
      completions = vertx.eventBus().consumer(SchedulerAddresses.TASK_COMPLETED, this::ended);
      listening = BusCalls.registered(completions);
    }
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
    return new Wait(listening, ended.future().onComplete(done -> vertx.cancelTimer(timer)));
  }

  private void ended(Message<JsonObject> message) {
    List<Promise<Task>> waiters = waiting.remove(UUID.fromString(message.body().getString("id")));
    if (waiters != null) {
      Task task = Task.fromJson(message.body());
      waiters.forEach(waiter -> waiter.tryComplete(task));
      stopListeningWhenIdle();
    }
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
    stopListeningWhenIdle();
  }

  private void stopListeningWhenIdle() {
    if (waiting.isEmpty() && completions != null) {
      completions.unregister();
      completions = null;
    }
  }
}
