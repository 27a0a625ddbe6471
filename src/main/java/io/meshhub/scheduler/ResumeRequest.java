package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * An owner's resume of a contract's supervisor task, as the directive engine hands it to the scheduler: the mode,
 * the conversation the supervisor resumes with (saved, truncated or empty), and the checkpoint its worktree is
 * restored from (null: the latest patch).
 */
public record ResumeRequest(UUID ownerId, UUID taskId, ResumeMode mode, JsonArray conversation, UUID checkpointId) {

  /** What the task row keeps until the attempt runs (see {@code tasks.resume_request}). */
  JsonObject stored() {
    return new JsonObject().put("source", RestorationSource.MANUAL.wire()).put("mode", mode.wire())
      .put("checkpointId", text(checkpointId));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("taskId", taskId.toString())
      .put("mode", mode.wire())
      .put("conversation", conversation)
      .put("checkpointId", text(checkpointId));
  }

  public static ResumeRequest fromJson(JsonObject json) {
    return new ResumeRequest(uuid(json, "ownerId"), uuid(json, "taskId"), ResumeMode.fromWire(json.getString("mode")),
      json.getJsonArray("conversation", new JsonArray()), uuid(json, "checkpointId"));
  }
}
