package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/** The engine's one decision — what a chain's steps call for next — without a hub. */
class ChainAdvanceTest {

  @Test
  void pendingStepsWhoseDependenciesAllPassedAreReadyTogether() {
    StepRepository.Step a = step("A", StepStatus.PASSED);
    StepRepository.Step b = step("B", StepStatus.PENDING, a);
    StepRepository.Step c = step("C", StepStatus.PENDING, a);
    StepRepository.Step d = step("D", StepStatus.PENDING, b, c);
    ChainAdvance next = ChainAdvance.of(List.of(a, b, c, d));
    assertThat(next.outcome()).isEqualTo(ChainAdvance.Outcome.RUNNING);
    assertThat(next.ready()).containsExactly(b, c);
  }

  @Test
  void aStepWaitsWhileADependencyIsStillRunningOrBeingJudged() {
    StepRepository.Step a = step("A", StepStatus.RUNNING);
    StepRepository.Step b = step("B", StepStatus.EVALUATING);
    StepRepository.Step c = step("C", StepStatus.PENDING, a, b);
    ChainAdvance next = ChainAdvance.of(List.of(a, b, c));
    assertThat(next.outcome()).isEqualTo(ChainAdvance.Outcome.RUNNING);
    assertThat(next.ready()).isEmpty();
  }

  @Test
  void allPassedCompletesAndAnyFailedFailsWhateverElseIsPending() {
    StepRepository.Step a = step("A", StepStatus.PASSED);
    StepRepository.Step b = step("B", StepStatus.PASSED, a);
    assertThat(ChainAdvance.of(List.of(a, b)).outcome()).isEqualTo(ChainAdvance.Outcome.COMPLETED);
    StepRepository.Step failed = step("F", StepStatus.FAILED);
    StepRepository.Step independent = step("I", StepStatus.PENDING);
    ChainAdvance next = ChainAdvance.of(List.of(a, failed, independent));
    assertThat(next.outcome()).isEqualTo(ChainAdvance.Outcome.FAILED);
    assertThat(next.ready()).as("nothing more is started once a step failed").isEmpty();
  }

  @Test
  void aReworkedStepIsPendingAgainAndReadyWhenItsDependenciesPassed() {
    StepRepository.Step a = step("A", StepStatus.PASSED);
    StepRepository.Step reworked = new StepRepository.Step(UUID.randomUUID(), null, null, null, "B", null, "b",
      List.of(a.id()), StepStatus.PENDING, 1, null, null, null, null, UUID.randomUUID());
    assertThat(ChainAdvance.of(List.of(a, reworked)).ready()).containsExactly(reworked);
  }

  private static StepRepository.Step step(String name, StepStatus status, StepRepository.Step... dependsOn) {
    return new StepRepository.Step(UUID.randomUUID(), null, null, null, name, null, name.toLowerCase(),
      List.of(dependsOn).stream().map(StepRepository.Step::id).toList(), status, 0, null, null, null, null, null);
  }
}
