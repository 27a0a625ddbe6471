package io.meshhub.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Completion reports are written one statement at a time: the first at once, those that arrive meanwhile together
 * in the next. No hub: the statement is a function the test answers.
 */
class CompletionBatchTest {

  private final List<List<RunningTaskRepository.Completion>> written = new ArrayList<>();
  private final List<Promise<List<Task>>> answers = new ArrayList<>();
  private final CompletionBatch batch = new CompletionBatch(completions -> {
    written.add(completions);
    Promise<List<Task>> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  });

  @Test
  void reportsThatArriveWhileAStatementRunsGoTogetherInTheNext() {
    UUID daemon = UUID.randomUUID();
    RunningTaskRepository.Completion first = completion(daemon);
    Future<Optional<Task>> firstEnded = batch.add(first);
    List<RunningTaskRepository.Completion> meanwhile = List.of(completion(daemon), completion(daemon),
      completion(daemon));
    List<Future<Optional<Task>>> laterEnded = meanwhile.stream().map(batch::add).toList();

    assertThat(written).containsExactly(List.of(first));
    answers.get(0).complete(List.of(ended(first)));
    assertThat(firstEnded.result()).map(Task::id).contains(first.taskId());
    assertThat(written).hasSize(2);
    assertThat(written.get(1)).containsExactlyElementsOf(meanwhile);

    answers.get(1).complete(meanwhile.stream().map(CompletionBatchTest::ended).toList());
    assertThat(laterEnded).allSatisfy(ended -> assertThat(ended.result()).isPresent());
    assertThat(written).as("nothing left to write").hasSize(2);
  }

  @Test
  void aReportFromADaemonTheTaskIsNotOnEndsNothing() {
    RunningTaskRepository.Completion onItsDaemon = completion(UUID.randomUUID());
    RunningTaskRepository.Completion stale = new RunningTaskRepository.Completion(onItsDaemon.taskId(),
      UUID.randomUUID(), true, "late", null);
    Future<Optional<Task>> first = batch.add(onItsDaemon);
    Future<Optional<Task>> second = batch.add(stale);
    answers.get(0).complete(List.of(ended(onItsDaemon)));
    answers.get(1).complete(List.of());
    assertThat(first.result()).isPresent();
    assertThat(second.result()).isEmpty();
  }

  @Test
  void aDeadlockedStatementIsWrittenAgainAndAnotherFailureFailsItsBatch() {
    RunningTaskRepository.Completion report = completion(UUID.randomUUID());
    Future<Optional<Task>> ended = batch.add(report);
    answers.get(0).fail(new PgException("deadlock detected", "ERROR", "40P01", null));
    assertThat(written).as("written again after the deadlock").hasSize(2);
    answers.get(1).complete(List.of(ended(report)));
    assertThat(ended.result()).isPresent();

    Future<Optional<Task>> failed = batch.add(completion(UUID.randomUUID()));
    answers.get(2).fail(new IllegalStateException("the database is gone"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.cause()).hasMessage("the database is gone");
  }

  private static RunningTaskRepository.Completion completion(UUID daemonId) {
    return new RunningTaskRepository.Completion(UUID.randomUUID(), daemonId, true, "done", null);
  }

  private static Task ended(RunningTaskRepository.Completion completion) {
    return new Task(completion.taskId(), UUID.randomUUID(), "t", "p", TaskStatus.DONE, 0, 2, completion.daemonId(),
      null, null, null, null, 0, false, false, null, null, null, 0, 3, List.of(), null, completion.outputSummary(),
      null, null, null, null);
  }
}
