package io.meshhub.scheduler;

import io.meshhub.events.OwnerEvents;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Announces task changes: {@code taskUpdated} to the owner's dashboards, and {@code task.completed} to the rest of
 * the hub when a task becomes final (waiters, the directive engine, the questions it leaves behind).
 */
final class TaskUpdates {

  static final String BY_OWNER = "owner";
  static final String BY_SCHEDULER = "scheduler";
  static final String BY_DAEMON = "daemon";

  private final EventBus bus;

  TaskUpdates(EventBus bus) {
    this.bus = bus;
  }

  /** Announces one changed task; a final one is also published as {@code task.completed}. */
  void changed(Task task, List<String> updatedFields, String updatedBy) {
    OwnerEvents.publish(bus, task.ownerId(), "taskUpdated", new JsonObject()
      .put("taskId", task.id().toString())
      .put("version", task.version())
      .put("status", task.status().wire())
      .put("updatedFields", new JsonArray(updatedFields))
      .put("updatedBy", updatedBy));
    if (task.status().isFinal()) {
      bus.publish(SchedulerAddresses.TASK_COMPLETED, task.toJson());
    }
  }

  void changed(List<Task> tasks, List<String> updatedFields, String updatedBy) {
    tasks.forEach(task -> changed(task, updatedFields, updatedBy));
  }
}
