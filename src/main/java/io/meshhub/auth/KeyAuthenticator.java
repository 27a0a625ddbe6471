package io.meshhub.auth;

import io.meshhub.core.Caller;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.handler.HttpException;

import java.util.Optional;

/**
 * Turns a presented key into the authenticated {@link Caller}. Every request looks the key up afresh, so a revoked
 * key stops working at once, on every node.
 */
public final class KeyAuthenticator {

  private final KeyRepository keys;

  public KeyAuthenticator(KeyRepository keys) {
    this.keys = keys;
  }

  /** Authenticates an owner API key; a missing or unknown key fails with 401. */
  public Future<User> ownerKey(String key) {
    if (key == null || key.isBlank()) {
      return unauthorized("an API key is required");
    }
    return keys.findOwnerCaller(ApiKeys.hash(key.trim())).compose(caller -> toUser(caller, "unknown API key"));
  }

  /** Authenticates a task's tool key; a missing or unknown key fails with 401. */
  public Future<User> toolKey(String key) {
    if (key == null || key.isBlank()) {
      return unauthorized("a tool key is required");
    }
    return keys.findToolCaller(ApiKeys.hash(key.trim())).compose(caller -> toUser(caller, "unknown tool key"));
  }

  private static Future<User> toUser(Optional<Caller> caller, String whenMissing) {
    return caller.map(found -> Future.succeededFuture(found.toUser())).orElseGet(() -> unauthorized(whenMissing));
  }

  private static Future<User> unauthorized(String message) {
    return Future.failedFuture(new HttpException(401, message));
  }
}
