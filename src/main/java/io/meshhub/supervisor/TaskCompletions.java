package io.meshhub.supervisor;

import io.meshhub.http.BusCalls;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Task;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The waits of one HTTP verticle for tasks to end: woken by the {@code task.completed} event (published, so heard on
 * every node), or by their own timer. Nothing polls.
 */
final class TaskCompletions {

  private final Vertx vertx;
  private final Map<UUID, List<Promise<Task>>> waiting = new HashMap<>();
  private final MessageConsumer<JsonObject> completions;

  TaskCompletions(Vertx vertx) {
    this.vertx = vertx;
    this.completions = vertx.eventBus().consumer(SchedulerAddresses.TASK_COMPLETED, message -> {
      Task task = Task.fromJson(message.body());
      List<Promise<Task>> waiters = waiting.remove(task.id());
      if (waiters != null) {
        waiters.forEach(waiter -> waiter.tryComplete(task));
      }
    });
  }

  Future<Void> ready() {
    return BusCalls.registered(completions);
  }

  /** The task once it ends, or empty-handed ({@code null}) after {@code timeoutMs}. */
  Future<Task> await(UUID taskId, long timeoutMs) {
    Promise<Task> ended = Promise.promise();
    waiting.computeIfAbsent(taskId, id -> new ArrayList<>()).add(ended);
    long timer = vertx.setTimer(timeoutMs, fired -> {
      List<Promise<Task>> waiters = waiting.get(taskId);
      if (waiters != null) {
        waiters.remove(ended);
        if (waiters.isEmpty()) {
          waiting.remove(taskId);
        }
      }
      ended.tryComplete(null);
    });
    return ended.future().onComplete(done -> vertx.cancelTimer(timer));
  }
}
