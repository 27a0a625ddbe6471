package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** A pull request a supervisor opens from its own worktree's {@code branch}, against its base branch. */
public record PullRequest(UUID ownerId, UUID taskId, String title, String body, String branch) {

  public JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("taskId", taskId.toString()).put("title", title)
      .put("body", body).put("branch", branch);
  }

  public static PullRequest fromJson(JsonObject json) {
    return new PullRequest(uuid(json, "ownerId"), uuid(json, "taskId"), json.getString("title"),
      json.getString("body"), json.getString("branch"));
  }
}
