package io.meshhub.directives;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An evaluator's verdict, as it writes it in the file {@code evaluation-result} (see {@link EvaluationPrompt}). Read
 * leniently: an evaluator is an agent, and a field it left out or mistyped is absent, not an error.
 */
record Verdict(boolean passed, Double overallScore, String confidenceLevel, JsonArray criteriaResults,
               String summaryFeedback, String reworkInstructions) {

  static Verdict fromJson(JsonObject json) {
    Object score = json.getValue(VerdictField.OVERALL_SCORE.wire());
    Object criteria = json.getValue(VerdictField.CRITERIA_RESULTS.wire());
    return new Verdict(Boolean.TRUE.equals(json.getValue(VerdictField.PASSED.wire())),
      score instanceof Number number ? number.doubleValue() : null, text(json, VerdictField.CONFIDENCE_LEVEL),
      criteria instanceof JsonArray array ? array : new JsonArray(), text(json, VerdictField.SUMMARY_FEEDBACK),
      text(json, VerdictField.REWORK_INSTRUCTIONS));
  }

  /** What the audit log records of a verdict on a step at its {@code reworkCount}. */
  JsonObject figures(int reworkCount) {
    return new JsonObject().put(VerdictField.PASSED.wire(), passed)
      .put(VerdictField.OVERALL_SCORE.wire(), overallScore)
      .put(VerdictField.CONFIDENCE_LEVEL.wire(), confidenceLevel).put("reworkCount", reworkCount);
  }

  private static String text(JsonObject json, VerdictField field) {
    return json.getValue(field.wire()) instanceof String value ? value : null;
  }
}
