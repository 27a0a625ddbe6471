package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Frames a hub sent to a test client, kept until the test claims them with {@link #await}, so that a test can wait
 * for a frame that came before it asked.
 */
final class FrameInbox {

  private final List<JsonObject> unclaimed = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<JsonObject> matches, Promise<JsonObject> promise) {
  }

  /** The next frame (received before or after this call, and not claimed yet) that matches. */
  synchronized Future<JsonObject> await(Predicate<JsonObject> matches) {
    for (Iterator<JsonObject> frames = unclaimed.iterator(); frames.hasNext(); ) {
      JsonObject frame = frames.next();
      if (matches.test(frame)) {
        frames.remove();
        return Future.succeededFuture(frame);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(matches, promise));
    return promise.future();
  }

  synchronized List<JsonObject> unclaimed() {
    return List.copyOf(unclaimed);
  }

  /** The frames received and not claimed, which are claimed by this call. */
  synchronized List<JsonObject> drain() {
    List<JsonObject> frames = List.copyOf(unclaimed);
    unclaimed.clear();
    return frames;
  }

  synchronized void received(JsonObject frame) {
    for (Iterator<Waiter> pending = waiters.iterator(); pending.hasNext(); ) {
      Waiter waiter = pending.next();
      if (waiter.matches().test(frame)) {
        pending.remove();
        waiter.promise().complete(frame);
        return;
      }
    }
    unclaimed.add(frame);
  }
}
