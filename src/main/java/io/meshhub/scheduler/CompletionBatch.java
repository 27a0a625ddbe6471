package io.meshhub.scheduler;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies daemons' completion reports in batches: one is written at once when nothing is being written; reports
 * that arrive meanwhile wait and go together in the next statement. Under load that is one statement for many
 * completions; when idle it adds nothing. Runs on the scheduler's event loop only.
 */
final class CompletionBatch {

  private record Waiting(RunningTaskRepository.Completion completion, Promise<Optional<Task>> ended) {
  }

  /** Postgres aborts one of two deadlocked statements; the batch is simply written again. */
  private static final String DEADLOCK = "40P01";
  private static final int DEADLOCK_RETRIES = 3;

  private final Function<List<RunningTaskRepository.Completion>, Future<List<Task>>> statement;
  private List<Waiting> queued = new ArrayList<>();
  private boolean writing;

  /** {@code statement} applies a batch and returns the tasks that ended (those on their reporting daemon). */
  CompletionBatch(Function<List<RunningTaskRepository.Completion>, Future<List<Task>>> statement) {
    this.statement = statement;
  }

  /** The task as it ended, or empty when it was not on the reporting daemon. */
  Future<Optional<Task>> add(RunningTaskRepository.Completion completion) {
    Promise<Optional<Task>> ended = Promise.promise();
    queued.add(new Waiting(completion, ended));
    if (!writing) {
      write();
    }
    return ended.future();
  }

  private void write() {
    List<Waiting> batch = queued;
    queued = new ArrayList<>();
    writing = true;
    completeRetryingDeadlocks(batch.stream().map(Waiting::completion).toList(), DEADLOCK_RETRIES)
      .onComplete(done -> {
        if (done.failed()) {
          batch.forEach(waiting -> waiting.ended().fail(done.cause()));
        } else {
          // A task ended for the report of the daemon it was on; a report from any other daemon changed nothing.
          Map<List<UUID>, Task> ended = done.result().stream().collect(Collectors.toMap(
            task -> List.of(task.id(), task.daemonId()), Function.identity(), (first, second) -> first));
          batch.forEach(waiting -> waiting.ended().complete(Optional.ofNullable(ended.get(
            List.of(waiting.completion().taskId(), waiting.completion().daemonId())))));
        }
        writing = false;
        if (!queued.isEmpty()) {
          write();
        }
      });
  }

  private Future<List<Task>> completeRetryingDeadlocks(List<RunningTaskRepository.Completion> batch, int retries) {
    return statement.apply(batch).recover(failure -> failure instanceof PgException pg
      && DEADLOCK.equals(pg.getSqlState()) && retries > 0
      ? completeRetryingDeadlocks(batch, retries - 1) : Future.failedFuture(failure));
  }
}
