package io.meshhub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests are written one statement at a time: the first at once, those that arrive meanwhile together in the
 * next. No hub: the statement is a function the test answers.
 */
class WriteBatchTest {

  private final List<List<String>> written = new ArrayList<>();
  private final List<Promise<List<String>>> answers = new ArrayList<>();
  private final WriteBatch<String, String> batch = new WriteBatch<>(requests -> {
    written.add(requests);
    Promise<List<String>> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  });

  @Test
  void requestsThatArriveWhileAStatementRunsGoTogetherInTheNext() {
    Future<String> first = batch.add("a");
    List<Future<String>> later = List.of(batch.add("b"), batch.add("c"), batch.add("d"));

    assertThat(written).containsExactly(List.of("a"));
    answers.get(0).complete(List.of("A"));
    assertThat(first.result()).isEqualTo("A");
    assertThat(written).hasSize(2);
    assertThat(written.get(1)).containsExactly("b", "c", "d");

    answers.get(1).complete(List.of("B", "C", "D"));
    assertThat(later).extracting(Future::result).containsExactly("B", "C", "D");
    assertThat(written).as("nothing left to write").hasSize(2);
  }

  @Test
  void aDeadlockedStatementIsWrittenAgainAndAnotherFailureOfOneRequestFailsIt() {
    Future<String> retried = batch.add("a");
    answers.get(0).fail(new PgException("deadlock detected", "ERROR", "40P01", null));
    assertThat(written).as("written again after the deadlock").hasSize(2);
    answers.get(1).complete(List.of("A"));
    assertThat(retried.result()).isEqualTo("A");

    Future<String> failed = batch.add("b");
    answers.get(2).fail(new IllegalStateException("the database is gone"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.cause()).hasMessage("the database is gone");
  }

  @Test
  void aFailedBatchIsWrittenAgainOneRequestAtATimeSoThatOnlyTheBadOneFails() {
    Future<String> first = batch.add("a");
    List<Future<String>> together = List.of(batch.add("b"), batch.add("bad"), batch.add("d"));
    answers.get(0).complete(List.of("A"));
    assertThat(first.result()).isEqualTo("A");

    answers.get(1).fail(new IllegalStateException("violates a constraint"));
    assertThat(written.subList(2, written.size())).containsExactly(List.of("b"), List.of("bad"), List.of("d"));
    answers.get(2).complete(List.of("B"));
    answers.get(3).fail(new IllegalStateException("violates a constraint"));
    answers.get(4).complete(List.of("D"));

    assertThat(together.get(0).result()).isEqualTo("B");
    assertThat(together.get(1).cause()).hasMessage("violates a constraint");
    assertThat(together.get(2).result()).isEqualTo("D");
    Future<String> next = batch.add("e");
    assertThat(written).as("the batch is over: the next request is written at once").endsWith(List.of("e"));
    answers.get(5).complete(List.of("E"));
    assertThat(next.result()).isEqualTo("E");
  }
}
