package io.meshhub.questions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The requests of this node that wait for a question's answer. Each waits for an event (the answer, the question's
 * cancellation) or its own timer, whichever comes first; nothing here polls.
 */
final class Waiters {

  private final Vertx vertx;
  private final Map<UUID, List<Waiter>> byQuestion = new HashMap<>();

  /** One waiting request: {@code ask} tells how a cancellation ends it (an ask times out, a poll is not found). */
  record Waiter(UUID questionId, boolean ask, Promise<AskResult> outcome, long timer) {
  }

  Waiters(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Waits up to {@code waitMs} for {@code questionId}; at the timer, the outcome is whatever {@code onTimeout}
   * decides (which may find an answer that came at the last moment).
   */
  Future<AskResult> await(UUID questionId, boolean ask, long waitMs, Supplier<Future<AskResult>> onTimeout) {
    Promise<AskResult> result = Promise.promise();
    long timer = vertx.setTimer(waitMs, fired -> {
      if (remove(questionId, result)) {
        onTimeout.get().onComplete(result);
      }
    });
    byQuestion.computeIfAbsent(questionId, id -> new ArrayList<>()).add(new Waiter(questionId, ask, result, timer));
    return result.future();
  }

  /** Takes every waiter of the question off the list; the caller completes them. */
  List<Waiter> takeAll(UUID questionId) {
    List<Waiter> waiting = byQuestion.remove(questionId);
    if (waiting == null) {
      return List.of();
    }
    waiting.forEach(waiter -> vertx.cancelTimer(waiter.timer()));
    return waiting;
  }

  boolean isWaiting(UUID questionId) {
    return byQuestion.containsKey(questionId);
  }

  private boolean remove(UUID questionId, Promise<AskResult> result) {
    List<Waiter> waiting = byQuestion.get(questionId);
    if (waiting == null || !waiting.removeIf(waiter -> waiter.outcome() == result)) {
      return false;
    }
    if (waiting.isEmpty()) {
      byQuestion.remove(questionId);
    }
    return true;
  }
}
