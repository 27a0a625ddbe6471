package io.meshhub.core;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Who is calling: an owner with one of their API keys, or a task with its tool key (then {@code taskId} is set and
 * the caller acts for the task's owner). Carried as the principal of the request's {@link User}.
 */
public record Caller(UUID ownerId, boolean admin, UUID keyId, UUID taskId) {

  public static Caller owner(UUID ownerId, boolean admin, UUID keyId) {
    return new Caller(ownerId, admin, keyId, null);
  }

  public static Caller task(UUID ownerId, UUID taskId, UUID keyId) {
    return new Caller(ownerId, false, keyId, taskId);
  }

  public boolean isTask() {
    return taskId != null;
  }

  /** The caller that the security handlers put on an authenticated request. */
  public static Caller of(RoutingContext ctx) {
    return fromJson(ctx.user().principal());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("admin", admin)
      .put("keyId", keyId.toString())
      .put("taskId", taskId == null ? null : taskId.toString());
  }

  public static Caller fromJson(JsonObject json) {
    String taskId = json.getString("taskId");
    return new Caller(UUID.fromString(json.getString("ownerId")), json.getBoolean("admin"),
      UUID.fromString(json.getString("keyId")), taskId == null ? null : UUID.fromString(taskId));
  }

  public User toUser() {
    return User.create(toJson());
  }
}
