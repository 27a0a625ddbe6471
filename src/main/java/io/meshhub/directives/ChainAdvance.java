package io.meshhub.directives;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a chain's steps call for next, decided from the steps alone: all passed completes the directive, any failed
 * fails it, otherwise every pending step whose dependencies all passed is ready to run (independent steps
 * together). A pure function, so that the engine's one real decision is testable without a hub.
 */
record ChainAdvance(Outcome outcome, List<StepRepository.Step> ready) {

  /** Where the chain stands. */
  enum Outcome {
    /** Every step passed. */
    COMPLETED,
    /** A step failed. */
    FAILED,
    /** Steps are still to run or being run; {@link #ready} may be empty (waiting for running work). */
    RUNNING
  }

  static ChainAdvance of(List<StepRepository.Step> chain) {
    if (chain.stream().allMatch(step -> step.status() == StepStatus.PASSED)) {
      return new ChainAdvance(Outcome.COMPLETED, List.of());
    }
    if (chain.stream().anyMatch(step -> step.status() == StepStatus.FAILED)) {
      return new ChainAdvance(Outcome.FAILED, List.of());
    }
    Set<UUID> passed = chain.stream().filter(step -> step.status() == StepStatus.PASSED)
      .map(StepRepository.Step::id).collect(Collectors.toSet());
    return new ChainAdvance(Outcome.RUNNING, chain.stream()
      .filter(step -> step.status() == StepStatus.PENDING && passed.containsAll(step.dependsOn())).toList());
  }
}
