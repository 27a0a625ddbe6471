package io.meshhub.scheduler;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/**
 * One entry of a task's log; {@code id} grows with every entry and is the reading cursor ({@code since}). Types:
 * {@code status_change} (data: the new {@code status}, and a {@code reason} when there is one), {@code output} (what
 * the agent said, as the daemon reported it) and {@code checkpoint}.
 */
public record TaskEvent(long id, UUID taskId, String eventType, JsonObject eventData, String createdAt) {

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
