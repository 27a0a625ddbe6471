package io.meshhub.questions;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** A question as the agent asks it, with the task (and owner) whose tool key asked. */
record AskRequest(UUID ownerId, UUID taskId, String question, JsonArray choices, String context, long timeoutSeconds,
                  boolean phaseguard, boolean multiSelect, boolean nonBlocking, String questionType) {

  static final long DEFAULT_TIMEOUT_SECONDS = 3600;

  /** From the body of {@code POST /api/v1/mesh/supervisor/questions}, already validated by the OpenAPI document. */
  static AskRequest fromBody(UUID ownerId, UUID taskId, JsonObject body) {
    return new AskRequest(ownerId, taskId, body.getString("question"), body.getJsonArray("choices", new JsonArray()),
      body.getString("context"), Math.max(1, body.getLong("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS)),
      body.getBoolean("phaseguard", false), body.getBoolean("multiSelect", false),
      body.getBoolean("nonBlocking", false), body.getString("questionType", "general"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("taskId", taskId.toString())
      .put("question", question)
      .put("choices", choices)
      .put("context", context)
      .put("timeoutSeconds", timeoutSeconds)
      .put("phaseguard", phaseguard)
      .put("multiSelect", multiSelect)
      .put("nonBlocking", nonBlocking)
      .put("questionType", questionType);
  }

  static AskRequest fromJson(JsonObject json) {
    return new AskRequest(uuid(json, "ownerId"), uuid(json, "taskId"), json.getString("question"),
      json.getJsonArray("choices"), json.getString("context"), json.getLong("timeoutSeconds"),
      json.getBoolean("phaseguard"), json.getBoolean("multiSelect"), json.getBoolean("nonBlocking"),
      json.getString("questionType"));
  }
}
