package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Names one task of one owner in a request to the scheduler (cancel, retry, mark merged). */
public record TaskRef(UUID ownerId, UUID taskId) {

  public JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("taskId", taskId.toString());
  }

  public static TaskRef fromJson(JsonObject json) {
    return new TaskRef(uuid(json, "ownerId"), uuid(json, "taskId"));
  }
}
