package io.meshhub.history;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

/** What other features write to the owner's history: one entry at a time, never changed afterwards. */
@FunctionalInterface
public interface History {

  /** Appends one entry; {@code actor} is {@code system}, {@code user} or {@code task}. */
  Future<Void> record(UUID ownerId, UUID contractId, UUID taskId, String entity, String action, String actor,
                      JsonObject data);

  static History of(Pool pool) {
    return new HistoryRepository(pool)::record;
  }
}
