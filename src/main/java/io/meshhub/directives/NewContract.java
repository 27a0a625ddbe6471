package io.meshhub.directives;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A request to create a contract, as it travels to the directive engine: the owner's body as the OpenAPI document
 * allows it (names and defaults as in {@code POST /api/v1/contracts}), plus the owner.
 */
record NewContract(UUID ownerId, JsonObject body) {

  String name() {
    return body.getString("name");
  }

  JsonArray repositories() {
    return body.getJsonArray("repositories", new JsonArray());
  }

  String supervisorPlan() {
    return body.getString("supervisorPlan");
  }

  JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("body", body);
  }

  static NewContract fromJson(JsonObject json) {
    return new NewContract(uuid(json, "ownerId"), json.getJsonObject("body"));
  }
}
