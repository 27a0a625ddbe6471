package io.meshhub.daemons;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.events.OwnerEvents;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * Applies a daemon's reports about its tasks (other than status, which is the scheduler's). A report about a task
 * that is not on the reporting daemon fails with {@code NOT_ASSIGNED}, which the session turns into the frame that
 * tells the daemon to stop that task.
 */
final class TaskReports {

  private static final List<String> OUTPUT_FIELDS = List.of("messageType", "content", "toolName", "toolInput",
    "isError", "costUsd", "durationMs", "isPartial");

  private final TaskReportRepository reports;
  private final EventBus bus;

  TaskReports(TaskReportRepository reports, EventBus bus) {
    this.reports = reports;
    this.bus = bus;
  }

  Future<JsonObject> apply(UUID daemonId, UUID ownerId, JsonObject frame) {
    UUID taskId = UUID.fromString(frame.getString("taskId"));
    Future<Boolean> applied = switch (frame.getString("type")) {
      case Frames.TASK_OUTPUT -> output(taskId, daemonId, ownerId, frame);
      case Frames.CHECKPOINT_CREATED -> reports.addCheckpoint(taskId, daemonId, frame);
      case Frames.CONVERSATION -> reports.saveConversation(taskId, daemonId, frame.getJsonArray("messages"))
        .onSuccess(saved -> {
          if (saved) {
            bus.publish(DaemonsAddresses.CONVERSATION, new JsonObject().put("taskId", taskId.toString())
              .put("messages", frame.getJsonArray("messages")));
          }
        });
      default -> Future.failedFuture(new ApiException(ErrorCode.VALIDATION_ERROR,
        "frame type " + frame.getString("type") + " is not a report"));
    };
    return applied.map(onDaemon -> {
      if (!onDaemon) {
        throw new ApiException(ErrorCode.NOT_ASSIGNED, "task " + taskId + " is not assigned to this daemon");
      }
      return new JsonObject();
    });
  }

  /** Partial output (a stream in progress) is only broadcast; complete entries are kept in the task's log. */
  private Future<Boolean> output(UUID taskId, UUID daemonId, UUID ownerId, JsonObject frame) {
    JsonObject output = new JsonObject();
    OUTPUT_FIELDS.forEach(field -> output.put(field, frame.getValue(field)));
    output.put("isPartial", Boolean.TRUE.equals(frame.getBoolean("isPartial")));
    Future<Boolean> kept = output.getBoolean("isPartial")
      ? reports.isOnDaemon(taskId, daemonId)
      : reports.appendOutput(taskId, daemonId, output);
    return kept.onSuccess(onDaemon -> {
      if (onDaemon) {
        OwnerEvents.publish(bus, ownerId, "taskOutput", output.copy().put("taskId", taskId.toString()));
      }
    });
  }
}
