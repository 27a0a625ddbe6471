package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

import java.util.function.Supplier;

/**
 * Postgres breaks a deadlock by aborting one of the transactions in it; the aborted one changed nothing and is
 * simply run again. Statements that lock rows of several tables in an order others cannot always share (a batch of
 * completions, a daemon's loss) run through here.
 */
public final class Deadlocks {

  private static final String DEADLOCK_DETECTED = "40P01";
  private static final int RETRIES = 3;

  private Deadlocks() {
  }

  /** Runs the work, and again (up to three more times) while Postgres aborts it to break a deadlock. */
  public static <T> Future<T> retried(Supplier<Future<T>> work) {
    return retried(work, RETRIES);
  }

  private static <T> Future<T> retried(Supplier<Future<T>> work, int retries) {
    return work.get().recover(failure -> retries > 0 && isDeadlock(failure) ? retried(work, retries - 1)
      : Future.failedFuture(failure));
  }

  private static boolean isDeadlock(Throwable failure) {
    return failure instanceof PgException pg && DEADLOCK_DETECTED.equals(pg.getSqlState());
  }
}
