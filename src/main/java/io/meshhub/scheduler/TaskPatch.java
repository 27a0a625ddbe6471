package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** An edit of a pending task, guarded by the version the caller last saw. Null fields are left unchanged. */
public record TaskPatch(UUID ownerId, UUID taskId, int version, String name, String plan, Integer priority) {

  /** From the body of {@code PATCH /api/v1/mesh/tasks/{id}}, already validated against the OpenAPI document. */
  static TaskPatch fromRequest(UUID ownerId, UUID taskId, JsonObject body) {
    return new TaskPatch(ownerId, taskId, body.getInteger("version"), body.getString("name"),
      body.getString("plan"), body.getInteger("priority"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("taskId", taskId.toString())
      .put("version", version)
      .put("name", name)
      .put("plan", plan)
      .put("priority", priority);
  }

  public static TaskPatch fromJson(JsonObject json) {
    return new TaskPatch(uuid(json, "ownerId"), uuid(json, "taskId"), json.getInteger("version"),
      json.getString("name"), json.getString("plan"), json.getInteger("priority"));
  }
}
