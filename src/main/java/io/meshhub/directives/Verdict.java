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
    Object score = json.getValue("overallScore");
    Object criteria = json.getValue("criteriaResults");
    return new Verdict(Boolean.TRUE.equals(json.getValue("passed")),
      score instanceof Number number ? number.doubleValue() : null, text(json, "confidenceLevel"),
      criteria instanceof JsonArray array ? array : new JsonArray(), text(json, "summaryFeedback"),
      text(json, "reworkInstructions"));
  }

  /** What the audit log records of a verdict on a step at its {@code reworkCount}. */
  JsonObject figures(int reworkCount) {
    return new JsonObject().put("passed", passed).put("overallScore", overallScore)
      .put("confidenceLevel", confidenceLevel).put("reworkCount", reworkCount);
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String value ? value : null;
  }
}
