package io.meshhub.support;

import io.meshhub.app.Hub;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** A hub started by a test, with what a test needs to talk to it. */
public record RunningHub(Hub hub, String adminKey) {

  public int port() {
    return hub.config().http().port();
  }

  /** The hub's own Vert.x, for tests that watch its event bus. */
  public Vertx vertx() {
    return hub.vertx();
  }

  /** Stops the hub and waits for it. */
  public void stop() {
    try {
      hub.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the hub under test did not stop", e);
    }
  }
}
