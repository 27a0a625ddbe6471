package io.meshhub.directives;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One directive's changes, one after the other. A step's dispatch is several statements (its contract, its task,
 * the links from the step to them); the task reaches a daemon as soon as it is created, and its end — or its
 * contract's completion — can be heard before the step is linked to it, when nothing would recognise it as the
 * step's. Queuing every change of a directive behind the one before closes that window. Used only from the
 * engine's verticle, one event loop: the map needs no lock. Across nodes the guards stay in SQL.
 */
final class DirectiveQueue {

  private final Map<UUID, Future<?>> tails = new HashMap<>();

  /** Runs {@code change} once every change queued before it for this directive has ended, however it ended. */
  <T> Future<T> run(UUID directiveId, Supplier<Future<T>> change) {
    Future<?> previous = tails.getOrDefault(directiveId, Future.succeededFuture());
    Future<T> next = previous.transform(ended -> change.get());
    tails.put(directiveId, next);
    next.onComplete(ended -> tails.remove(directiveId, next));
    return next;
  }
}
