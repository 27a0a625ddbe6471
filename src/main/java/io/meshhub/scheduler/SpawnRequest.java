package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A supervisor task ({@code spawnerId}) spawns a task of its contract. {@code repositoryUrl} is the one asked for,
 * else the contract's (null when neither has one); {@code parentTaskId} null means the spawner.
 */
public record SpawnRequest(UUID ownerId, UUID spawnerId, UUID contractId, String name, String plan,
                           String repositoryUrl, UUID parentTaskId, boolean useOwnWorktree, String checkpointSha) {

  public JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("spawnerId", spawnerId.toString())
      .put("contractId", contractId.toString()).put("name", name).put("plan", plan)
      .put("repositoryUrl", repositoryUrl).put("parentTaskId", text(parentTaskId))
      .put("useOwnWorktree", useOwnWorktree).put("checkpointSha", checkpointSha);
  }

  public static SpawnRequest fromJson(JsonObject json) {
    return new SpawnRequest(uuid(json, "ownerId"), uuid(json, "spawnerId"), uuid(json, "contractId"),
      json.getString("name"), json.getString("plan"), json.getString("repositoryUrl"), uuid(json, "parentTaskId"),
      json.getBoolean("useOwnWorktree", false), json.getString("checkpointSha"));
  }
}
