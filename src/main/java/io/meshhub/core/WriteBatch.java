package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;

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
    writeRetryingDeadlocks(batch)
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

  /** Postgres aborts one of two deadlocked statements; the batch is simply written again. */
  private Future<Void> writeRetryingDeadlocks(List<Waiting<I, O>> batch) {
    List<I> requests = batch.stream().map(Waiting::request).toList();
    return Deadlocks.retried(() -> statement.apply(requests)).map(outcomes -> {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).written().complete(outcomes.get(i));
      }
      return null;
    });
  }

  /** Each request of a failed batch on its own: only the requests that fail alone fail. */
  private Future<Void> writeOneByOne(List<Waiting<I, O>> batch) {
    return Future.join(batch.stream().map(waiting -> writeRetryingDeadlocks(List.of(waiting))
        .onFailure(failure -> waiting.written().tryFail(failure))).toList())
      .<Void>mapEmpty().otherwiseEmpty();
  }
}
