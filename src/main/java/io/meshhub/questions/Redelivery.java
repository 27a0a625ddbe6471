package io.meshhub.questions;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A restored supervisor's questions to deliver again (questions.md): those still pending, and those cancelled when
 * the supervisor's task ended, which become pending again — the supervisor runs again and waits for them.
 */
public record Redelivery(UUID ownerId, UUID taskId, List<UUID> questionIds) {

  public JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("taskId", taskId.toString())
      .put("questionIds", new JsonArray(questionIds.stream().map(UUID::toString).toList()));
  }

  public static Redelivery fromJson(JsonObject json) {
    return new Redelivery(uuid(json, "ownerId"), uuid(json, "taskId"), json.getJsonArray("questionIds").stream()
      .map(id -> UUID.fromString((String) id)).toList());
  }
}
