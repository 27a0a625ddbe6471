package io.meshhub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.meshhub.core.Caller;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.handler.HttpException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a presented key into the authenticated {@link Caller}. Owner keys found lately are kept, so that a busy
 * client's requests do not each cost a lookup in Postgres; a revocation, announced to every node, drops its key at
 * once. Tool keys are looked up afresh every time: they die with their task, which announces nothing.
 */
public final class KeyAuthenticator {

  /**
   * How long a found owner key is trusted without asking Postgres again: the backstop for a revocation whose
   * announcement never reached this node (cut off from the cluster at that moment).
   */
  static final Duration TRUSTED_FOR = Duration.ofSeconds(60);
  private static final int MAX_KEYS = 10_000;

  private final KeyRepository keys;
  private final Cache<ByteBuffer, Caller> owners = Caffeine.newBuilder().maximumSize(MAX_KEYS)
    .expireAfterWrite(TRUSTED_FOR).executor(Runnable::run).build();
  /** Counts revocations heard: a lookup that began before one may have read its key still live, so is not kept. */
  private long revocations;

  /** Listens for revocations on every node; use it from one event loop (an HTTP verticle's). */
  public KeyAuthenticator(KeyRepository keys, EventBus bus) {
    this.keys = keys;
    bus.<JsonObject>consumer(AuthAddresses.KEY_REVOKED,
      revoked -> forget(UUID.fromString(revoked.body().getString("keyId"))));
  }

  /** Authenticates an owner API key; a missing or unknown key fails with 401. */
  public Future<User> ownerKey(String key) {
    if (key == null || key.isBlank()) {
      return unauthorized("an API key is required");
    }
    byte[] hash = ApiKeys.hash(key.trim());
    ByteBuffer cacheKey = ByteBuffer.wrap(hash);
    Caller known = owners.getIfPresent(cacheKey);
    if (known != null) {
      return Future.succeededFuture(known.toUser());
    }
    long revocationsBefore = revocations;
    return keys.findOwnerCaller(hash)
      .onSuccess(found -> found.filter(caller -> revocations == revocationsBefore)
        .ifPresent(caller -> owners.put(cacheKey, caller)))
      .compose(caller -> toUser(caller, "unknown API key"));
  }

  /** Authenticates a task's tool key; a missing or unknown key fails with 401. */
  public Future<User> toolKey(String key) {
    if (key == null || key.isBlank()) {
      return unauthorized("a tool key is required");
    }
    return keys.findToolCaller(ApiKeys.hash(key.trim())).compose(caller -> toUser(caller, "unknown tool key"));
  }

  private void forget(UUID keyId) {
    revocations++;
    owners.asMap().values().removeIf(caller -> keyId.equals(caller.keyId()));
  }

  private static Future<User> toUser(Optional<Caller> caller, String whenMissing) {
    return caller.map(found -> Future.succeededFuture(found.toUser())).orElseGet(() -> unauthorized(whenMissing));
  }

  private static Future<User> unauthorized(String message) {
    return Future.failedFuture(new HttpException(401, message));
  }
}
