package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Predicate;

/** A test client that keeps the hub's frames in an inbox until the test claims them, whatever its transport. */
interface ReceivedFrames {

  FrameInbox inbox();

  /** The next frame (received before or after this call, and not claimed yet) that matches. */
  default Future<JsonObject> await(Predicate<JsonObject> matches) {
    return inbox().await(matches);
  }

  /** The next frame of this type. */
  default Future<JsonObject> await(String type) {
    return await(frame -> type.equals(frame.getString("type")));
  }

  /** Frames received and not claimed, claimed now. */
  default List<JsonObject> drain() {
    return inbox().drain();
  }

  /** Frames received and not claimed. */
  default List<JsonObject> unclaimed() {
    return inbox().unclaimed();
  }
}
