package io.meshhub.questions;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A question as stored; {@link #toJson()} is the shape owners list and dashboards receive. */
record Question(UUID id, UUID ownerId, UUID taskId, UUID contractId, UUID directiveId, String question,
                JsonArray choices, String context, boolean multiSelect, String questionType, String createdAt) {

  static Question fromRow(Row row) {
    return new Question(row.getUUID("id"), row.getUUID("owner_id"), row.getUUID("task_id"),
      row.getUUID("contract_id"), row.getUUID("directive_id"), row.getString("question"),
      (JsonArray) row.getValue("choices"), row.getString("context"), row.getBoolean("multi_select"),
      row.getString("question_type"), Rows.isoTime(row, "created_at"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("questionId", id.toString())
      .put("taskId", taskId.toString())
      .put("contractId", text(contractId))
      .put("directiveId", text(directiveId))
      .put("question", question)
      .put("choices", choices)
      .put("context", context)
      .put("createdAt", createdAt)
      .put("multiSelect", multiSelect)
      .put("questionType", questionType);
  }
}
