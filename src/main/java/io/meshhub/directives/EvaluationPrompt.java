package io.meshhub.directives;

import io.vertx.core.json.Json;

/**
 * What the evaluator agent is told: the directive, the step and where its work is, the thresholds, how to read the
 * step contract's files, and the exact JSON to write back as the file {@code evaluation-result}.
 */
final class EvaluationPrompt {

  private EvaluationPrompt() {
  }

  static String of(Directive directive, StepRepository.Step step, String monitorContractId) {
    return """
      You are the evaluator of one step of a directive. Judge the step's work against the directive's acceptance
      criteria, honestly: your verdict decides whether the step passes or is reworked.

      # Directive: %s
      Goal: %s
      Acceptance criteria:
      %s

      # Step: %s
      %s
      The step's contract is %s. List its files, and read one, with:

          meshhub files --contract %s
          meshhub file NAME --contract %s

      Confidence: green at an overall score of %.2f or more, yellow from %.2f, red below.

      # Your verdict
      Write exactly this JSON (no other text) as the file evaluation-result of your monitoring contract:

          meshhub create-file evaluation-result --contract %s < result.json

      %s

      Then end: your verdict is read when your task finishes.
      """.formatted(directive.title(), directive.goal(), Json.encodePrettily(directive.acceptanceCriteria()),
      step.name(), step.description() == null ? "" : step.description(), step.contractId(), step.contractId(),
      step.contractId(), directive.confidenceThresholdGreen(), directive.confidenceThresholdYellow(),
      monitorContractId, VerdictField.example());
  }
}
