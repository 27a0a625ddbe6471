package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes requests in batches: one is written at once when nothing is being written; requests that arrive meanwhile
 * wait and go together in the next statement. Under load that is one statement (one commit) for many requests;
 * when idle it adds nothing. A batch that fails for another reason than a deadlock is written again one request at
 * a time, so that a bad request fails alone. Used from one event loop only.
 *
 * @param <I> a request
 * @param <O> what writing it gave
 */
public final class WriteBatch<I, O> {

  private record Waiting<I, O>(I request, Promise<O> written) {
  }

  /** Postgres aborts one of two deadlocked statements; the batch is simply written again. */
  private static final String DEADLOCK = "40P01";
  private static final int DEADLOCK_RETRIES = 3;

  private final Function<List<I>, Future<List<O>>> statement;
  private List<Waiting<I, O>> queued = new ArrayList<>();
  private boolean writing;

  /** {@code statement} writes a batch and returns what each request gave, in the order of the requests. */
  public WriteBatch(Function<List<I>, Future<List<O>>> statement) {
    this.statement = statement;
  }

  public Future<O> add(I request) {
    Promise<O> written = Promise.promise();
    queued.add(new Waiting<>(request, written));
    if (!writing) {
      write();
    }
    return written.future();
  }

  private void write() {
    List<Waiting<I, O>> batch = queued;
    queued = new ArrayList<>();
    writing = true;
    writeRetryingDeadlocks(batch, DEADLOCK_RETRIES)
      .recover(failure -> batch.size() == 1 ? Future.failedFuture(failure) : writeOneByOne(batch))
      .onComplete(done -> {
        if (done.failed()) {
          batch.forEach(waiting -> waiting.written().tryFail(done.cause()));
        }
        writing = false;
        if (!queued.isEmpty()) {
          write();
        }
      });
  }

  private Future<Void> writeRetryingDeadlocks(List<Waiting<I, O>> batch, int retries) {
    return statementRetryingDeadlocks(batch.stream().map(Waiting::request).toList(), retries).map(outcomes -> {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).written().complete(outcomes.get(i));
      }
      return null;
    });
  }

  private Future<List<O>> statementRetryingDeadlocks(List<I> requests, int retries) {
    return statement.apply(requests).recover(failure -> failure instanceof PgException pg
      && DEADLOCK.equals(pg.getSqlState()) && retries > 0
      ? statementRetryingDeadlocks(requests, retries - 1) : Future.failedFuture(failure));
  }

  /** Each request of a failed batch on its own: only the requests that fail alone fail. */
  private Future<Void> writeOneByOne(List<Waiting<I, O>> batch) {
    return Future.join(batch.stream().map(waiting -> writeRetryingDeadlocks(List.of(waiting), DEADLOCK_RETRIES)
        .onFailure(failure -> waiting.written().tryFail(failure))).toList())
      .<Void>mapEmpty().otherwiseEmpty();
  }
}
