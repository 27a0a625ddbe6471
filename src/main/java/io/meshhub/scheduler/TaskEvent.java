package io.meshhub.scheduler;

import io.meshhub.app.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** One entry of a task's log; {@code id} grows with every entry and is the reading cursor ({@code since}). */
public record TaskEvent(long id, UUID taskId, String eventType, JsonObject eventData, String createdAt) {

  /** Event type of a status change; its data holds the new {@code status} and, when known, a {@code reason}. */
  static final String STATUS_CHANGE = "status_change";
  /** Event type of an agent's output, as the daemon reported it. */
  public static final String OUTPUT = "output";

  static TaskEvent fromRow(Row row) {
    return new TaskEvent(row.getLong("id"), row.getUUID("task_id"), row.getString("event_type"),
      (JsonObject) row.getValue("event_data"), Rows.isoTime(row, "created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("taskId", taskId.toString())
      .put("eventType", eventType)
      .put("eventData", eventData)
      .put("createdAt", createdAt);
  }
}
