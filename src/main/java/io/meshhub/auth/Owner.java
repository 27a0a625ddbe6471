package io.meshhub.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** An account; every other row of the hub belongs to exactly one owner. */
public record Owner(UUID id, String name, boolean admin) {

  static Owner fromRow(Row row) {
    return new Owner(row.getUUID("id"), row.getString("name"), row.getBoolean("admin"));
  }

  /** The {@code GET /api/v1/me} shape. */
  JsonObject toMeJson() {
    return new JsonObject().put("ownerId", id.toString()).put("name", name).put("admin", admin);
  }
}
