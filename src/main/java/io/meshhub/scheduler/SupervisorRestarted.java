package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The fact that a supervisor task which had run before was placed on a daemon again and its {@code spawnTask}
 * delivered: the directive engine restores it there (re-delivers its questions, sends the restoration notice).
 */
public record SupervisorRestarted(UUID taskId, UUID ownerId, UUID contractId, UUID daemonId,
                                  RestorationSource source) {

  public JsonObject toJson() {
    return new JsonObject()
      .put("taskId", taskId.toString())
      .put("ownerId", ownerId.toString())
      .put("contractId", text(contractId))
      .put("daemonId", daemonId.toString())
      .put("source", source.wire());
  }

  public static SupervisorRestarted fromJson(JsonObject json) {
    return new SupervisorRestarted(uuid(json, "taskId"), uuid(json, "ownerId"), uuid(json, "contractId"),
      uuid(json, "daemonId"), RestorationSource.fromWire(json.getString("source")).orElseThrow());
  }
}
