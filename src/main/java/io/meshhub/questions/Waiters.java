package io.meshhub.questions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The requests of this node that wait for a question's answer. Each waits for an event (the answer, the question's
 * cancellation, its client leaving) or its own timer, whichever comes first; nothing here polls.
 */
final class Waiters {

  private final Vertx vertx;
  private final Map<UUID, List<Waiter>> byQuestion = new HashMap<>();
  private final Map<String, Waiter> byRequest = new HashMap<>();

  /**
   * One waiting request, known by the id of the HTTP request that waits: {@code ask} tells how a cancellation ends
   * it (an ask times out, a poll is not found).
   */
  record Waiter(UUID questionId, String requestId, boolean ask, Promise<AskResult> outcome, long timer) {
  }

  Waiters(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Waits up to {@code waitMs} for {@code questionId}; at the timer, the outcome is whatever {@code onTimeout}
   * decides (which may find an answer that came at the last moment).
   */
  Future<AskResult> await(UUID questionId, String requestId, boolean ask, long waitMs,
                          Supplier<Future<AskResult>> onTimeout) {
    Promise<AskResult> result = Promise.promise();
    long timer = vertx.setTimer(waitMs, fired -> {
      if (remove(questionId, result)) {
        onTimeout.get().onComplete(result);
      }
    });
    Waiter waiter = new Waiter(questionId, requestId, ask, result, timer);
    byQuestion.computeIfAbsent(questionId, id -> new ArrayList<>()).add(waiter);
    byRequest.put(requestId, waiter);
    return result.future();
  }

  /** Takes the waiter of this HTTP request off the list and stops its timer; the caller ends it. */
  Optional<Waiter> abandon(String requestId) {
    Waiter waiter = byRequest.get(requestId);
    if (waiter == null || !remove(waiter.questionId(), waiter.outcome())) {
      return Optional.empty();
    }
    vertx.cancelTimer(waiter.timer());
    return Optional.of(waiter);
  }

  /** Takes every waiter of the question off the list; the caller completes them. */
  List<Waiter> takeAll(UUID questionId) {
    List<Waiter> waiting = byQuestion.remove(questionId);
    if (waiting == null) {
      return List.of();
    }
    waiting.forEach(waiter -> {
      vertx.cancelTimer(waiter.timer());
      byRequest.remove(waiter.requestId());
    });
    return waiting;
  }

  /** How many requests wait now (asks and polls). */
  int count() {
    return byRequest.size();
  }

  boolean isWaiting(UUID questionId) {
    return byQuestion.containsKey(questionId);
  }

  private boolean remove(UUID questionId, Promise<AskResult> result) {
    List<Waiter> waiting = byQuestion.getOrDefault(questionId, List.of());
    Optional<Waiter> found = waiting.stream().filter(waiter -> waiter.outcome() == result).findFirst();
    found.ifPresent(waiter -> {
      waiting.remove(waiter);
      byRequest.remove(waiter.requestId());
      if (waiting.isEmpty()) {
        byQuestion.remove(questionId);
      }
    });
    return found.isPresent();
  }
}
