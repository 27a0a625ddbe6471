package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A request to merge a task's work into its target branch, by the task {@code mergedBy} (a supervisor of its
 * contract); {@code targetBranch} null means the task's own.
 */
public record MergeRequest(UUID ownerId, UUID taskId, UUID mergedBy, String targetBranch, boolean squash) {

  public JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("taskId", taskId.toString())
      .put("mergedBy", mergedBy.toString()).put("targetBranch", targetBranch).put("squash", squash);
  }

  public static MergeRequest fromJson(JsonObject json) {
    return new MergeRequest(uuid(json, "ownerId"), uuid(json, "taskId"), uuid(json, "mergedBy"),
      json.getString("targetBranch"), json.getBoolean("squash", false));
  }
}
