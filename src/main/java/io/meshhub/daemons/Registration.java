package io.meshhub.daemons;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * An authenticated {@code register} frame, as the session hands it to the registry: the key is already checked
 * and replaced by its owner. {@code daemonId} is the identity the daemon asked to keep, or a new one;
 * {@code deadline} (epoch milliseconds) is when the session stops waiting: a registration that completes later is
 * undone.
 */
record Registration(UUID ownerId, String hostname, int maxConcurrentTasks, String version, UUID daemonId,
                    List<UUID> runningTaskIds, String node, UUID sessionId, long deadline) {

  Registration(UUID ownerId, String hostname, int maxConcurrentTasks, String version, UUID daemonId,
               JsonArray runningTaskIds, String node, UUID sessionId, long deadline) {
    this(ownerId, hostname, maxConcurrentTasks, version, daemonId, uuids(runningTaskIds), node, sessionId, deadline);
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("hostname", hostname)
      .put("maxConcurrentTasks", maxConcurrentTasks)
      .put("version", version)
      .put("daemonId", text(daemonId))
      .put("runningTaskIds", new JsonArray(runningTaskIds.stream().map(UUID::toString).toList()))
      .put("node", node)
      .put("sessionId", sessionId.toString())
      .put("deadline", deadline);
  }

  static Registration fromJson(JsonObject json) {
    return new Registration(uuid(json, "ownerId"), json.getString("hostname"), json.getInteger("maxConcurrentTasks"),
      json.getString("version"), uuid(json, "daemonId"), json.getJsonArray("runningTaskIds"), json.getString("node"),
      uuid(json, "sessionId"), json.getLong("deadline"));
  }

  private static List<UUID> uuids(JsonArray array) {
    return array == null ? List.of() : array.stream().map(id -> UUID.fromString((String) id)).toList();
  }
}
