package io.meshhub.daemons;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.events.OwnerEvents;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Applies a daemon's reports about its tasks (other than status, which is the scheduler's). A report about a task
 * that is not on the reporting daemon fails with {@code NOT_ASSIGNED}, which the session turns into the frame that
 * tells the daemon to stop that task.
 */
final class TaskReports {

  private static final Logger log = LoggerFactory.getLogger(TaskReports.class);

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

  /**
   * Partial output (a stream in progress) is only broadcast; complete entries are kept in the task's log, and
   * forwarded to the red-team monitor that watches the task, if one runs.
   */
  private Future<Boolean> output(UUID taskId, UUID daemonId, UUID ownerId, JsonObject frame) {
    JsonObject output = new JsonObject();
    OUTPUT_FIELDS.forEach(field -> output.put(field, frame.getValue(field)));
    output.put("isPartial", Boolean.TRUE.equals(frame.getBoolean("isPartial")));
    Future<Boolean> kept = output.getBoolean("isPartial")
      ? reports.isOnDaemon(taskId, daemonId)
      : reports.appendOutput(taskId, daemonId, output).map(appended -> {
        appended.filter(TaskReportRepository.Appended::watched).ifPresent(watched -> toRedTeam(taskId, watched,
          output));
        return appended.isPresent();
      });
    return kept.onSuccess(onDaemon -> {
      if (onDaemon) {
        OwnerEvents.publish(bus, ownerId, "taskOutput", output.copy().put("taskId", taskId.toString()));
      }
    });
  }

  /** The monitor reads a work task's output as messages, each naming the task it comes from. */
  private void toRedTeam(UUID taskId, TaskReportRepository.Appended watched, JsonObject output) {
    String content = output.getString("content") != null ? output.getString("content")
      : output.getString("toolName") != null ? "(tool " + output.getString("toolName") + ")" : null;
    if (content == null || content.isBlank()) {
      return;
    }
    String message = "[Work task " + watched.taskName() + " " + taskId + " · " + output.getString("messageType")
      + "]\n" + content;
    DaemonCommands.send(bus, watched.monitorDaemonId(), DaemonCommands.command("sendMessage",
        watched.monitorTaskId()).put("message", message), DaemonCommands.DELIVERY_TIMEOUT_MS)
      .onFailure(failure -> log.debug("Output of task {} not forwarded to its red-team monitor: {}", taskId,
        failure.getMessage()));
  }
}
