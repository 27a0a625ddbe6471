package io.meshhub.daemons;

import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Closes a session whose daemon has said nothing for the timeout. It checks the time since the last frame at most
 * once per timeout, with a timer; while the hub registers the daemon, the daemon has nothing to say, so that wait
 * (the hub's, not the daemon's silence) does not count. Used from the session's event loop only.
 */
final class SilenceWatch {

  private final Vertx vertx;
  private final long timeoutMs;
  private final BooleanSupplier registering;
  private final BooleanSupplier closed;
  private final Consumer<String> close;
  private long lastFrameAt = System.currentTimeMillis();

  SilenceWatch(Vertx vertx, long timeoutMs, BooleanSupplier registering, BooleanSupplier closed,
               Consumer<String> close) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.registering = registering;
    this.closed = closed;
    this.close = close;
  }

  void start() {
    check(timeoutMs);
  }

  /** The daemon said something (or may start to: silence counts from now). */
  void heard() {
    lastFrameAt = System.currentTimeMillis();
  }

  private void check(long delayMs) {
    vertx.setTimer(delayMs, timer -> {
      if (closed.getAsBoolean()) {
        return;
      }
      if (registering.getAsBoolean()) {
        check(timeoutMs);
        return;
      }
      long silentFor = System.currentTimeMillis() - lastFrameAt;
      if (silentFor >= timeoutMs) {
        close.accept("silent for " + silentFor + " ms");
      } else {
        check(timeoutMs - silentFor);
      }
    });
  }
}
