package io.meshhub.core;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Reading and writing the optional UUID fields that most records carry. */
public final class JsonFields {

  private JsonFields() {
  }

  /** The UUID under {@code key}, or null when absent. */
  public static UUID uuid(JsonObject json, String key) {
    String value = json.getString(key);
    return value == null ? null : UUID.fromString(value);
  }

  /** The UUID as text, or null. */
  public static String text(UUID id) {
    return id == null ? null : id.toString();
  }
}
