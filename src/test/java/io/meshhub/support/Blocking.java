package io.meshhub.support;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** For tests that drive real processes from the test thread: wait for a future (an event), with a limit. */
public final class Blocking {

  private Blocking() {
  }

  public static <T> T await(Future<T> future, long seconds, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("gave up waiting " + seconds + " s for " + what);
    } catch (ExecutionException e) {
      throw new AssertionError("failed while waiting for " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
