package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * An owner's resume of a contract's supervisor task, as the directive engine hands it to the scheduler: the
 * conversation the supervisor resumes with (saved, truncated or empty), whether it starts a fresh agent session,
 * the checkpoint its worktree is restored from (null: the latest), and whether it is placed on a daemon at once
 * ({@code startNow}) or queued like any task.
 */
public record ResumeRequest(UUID ownerId, UUID taskId, String mode, JsonArray conversation, boolean freshSession,
                            UUID checkpointId, boolean startNow) {

  /** What the task row keeps until the attempt runs (see {@code tasks.resume_request}). */
  JsonObject stored() {
    return new JsonObject().put("source", RestorationSource.MANUAL.wire()).put("mode", mode)
      .put("freshSession", freshSession).put("checkpointId", text(checkpointId));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("taskId", taskId.toString())
      .put("mode", mode)
      .put("conversation", conversation)
      .put("freshSession", freshSession)
      .put("checkpointId", text(checkpointId))
      .put("startNow", startNow);
  }

  public static ResumeRequest fromJson(JsonObject json) {
    return new ResumeRequest(uuid(json, "ownerId"), uuid(json, "taskId"), json.getString("mode"),
      json.getJsonArray("conversation", new JsonArray()), json.getBoolean("freshSession", false),
      uuid(json, "checkpointId"), json.getBoolean("startNow", false));
  }
}
