package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;
import java.util.UUID;

/** A contract's supervisor as last saved (see supervisor-state.md), as {@code GET …/supervisor/state} shows it. */
record SupervisorState(UUID contractId, UUID ownerId, UUID taskId, String phase, String state, String currentActivity,
                       int progress, String errorMessage, JsonArray conversationHistory, List<UUID> pendingTaskIds,
                       List<UUID> spawnedTaskIds, JsonArray pendingQuestions, int restorationCount,
                       String lastRestoredAt, String restorationSource, String lastActivity, String createdAt,
                       String updatedAt) {

  static SupervisorState fromRow(Row row) {
    return new SupervisorState(row.getUUID("contract_id"), row.getUUID("owner_id"), row.getUUID("task_id"),
      row.getString("phase"), row.getString("state"), row.getString("current_activity"), row.getInteger("progress"),
      row.getString("error_message"), (JsonArray) row.getValue("conversation_history"),
      List.of(row.getArrayOfUUIDs("pending_task_ids")), List.of(row.getArrayOfUUIDs("spawned_task_ids")),
      (JsonArray) row.getValue("pending_questions"), row.getInteger("restoration_count"),
      Rows.isoTime(row, "last_restored_at"), row.getString("restoration_source"), Rows.isoTime(row,
        row.getColumnIndex("shown_activity") >= 0 ? "shown_activity" : "last_activity"),
      Rows.isoTime(row, "created_at"), Rows.isoTime(row, "updated_at"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("contractId", contractId.toString())
      .put("taskId", text(taskId))
      .put("phase", phase)
      .put("state", state)
      .put("currentActivity", currentActivity)
      .put("progress", progress)
      .put("errorMessage", errorMessage)
      .put("conversationHistory", conversationHistory)
      .put("pendingTaskIds", new JsonArray(pendingTaskIds.stream().map(UUID::toString).toList()))
      .put("spawnedTaskIds", new JsonArray(spawnedTaskIds.stream().map(UUID::toString).toList()))
      .put("pendingQuestions", pendingQuestions)
      .put("restorationCount", restorationCount)
      .put("lastRestoredAt", lastRestoredAt)
      .put("restorationSource", restorationSource)
      .put("lastActivity", lastActivity)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}
