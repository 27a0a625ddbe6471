package io.meshhub.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.Optional;

/**
 * Makes sure someone can administer a new hub: with {@code auth.bootstrapKey} set, the admin owner gets that key
 * when no admin exists; without it, a brand-new database gets an admin with a freshly generated key, which is
 * returned so that start-up can show it exactly once.
 */
public final class AdminBootstrap {

  private AdminBootstrap() {
  }

  /** Returns the generated admin key when one was created now; empty otherwise. */
  public static Future<Optional<String>> ensureAdmin(Pool pool, String bootstrapKey) {
    KeyRepository keys = new KeyRepository(pool);
    if (!bootstrapKey.isBlank()) {
      return keys.bootstrapAdmin(ApiKeys.hash(bootstrapKey.trim()), true).map(created -> Optional.empty());
    }
    String generated = ApiKeys.newOwnerKey();
    return keys.bootstrapAdmin(ApiKeys.hash(generated), false)
      .map(created -> created.map(admin -> generated));
  }
}
