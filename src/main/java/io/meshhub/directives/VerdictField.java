package io.meshhub.directives;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fields of an evaluator's verdict, with their JSON names: the one place the prompt that asks for a verdict, the
 * reader of a verdict and the list of evaluations take them from.
 */
enum VerdictField {
  PASSED, OVERALL_SCORE, CONFIDENCE_LEVEL, CRITERIA_RESULTS, SUMMARY_FEEDBACK, REWORK_INSTRUCTIONS;

  /** The JSON name: {@code overallScore} for {@code OVERALL_SCORE}. */
  String wire() {
    String[] words = name().toLowerCase(Locale.ROOT).split("_");
    return words[0] + Arrays.stream(words).skip(1)
      .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1)).collect(Collectors.joining());
  }

  /** The verdict's shape as the evaluator is asked to write it. */
  static String example() {
    return """
      {"%s": true | false, "%s": 0.0 to 1.0, "%s": "green" | "yellow" | "red",
       "%s": [{"criterion": "…", "%s": true | false, "score": 0.0 to 1.0, "evidence": "…"}],
       "%s": "what is good and what is missing",
       "%s": "what exactly to change when it did not pass"}""".formatted(PASSED.wire(), OVERALL_SCORE.wire(),
      CONFIDENCE_LEVEL.wire(), CRITERIA_RESULTS.wire(), PASSED.wire(), SUMMARY_FEEDBACK.wire(),
      REWORK_INSTRUCTIONS.wire());
  }
}
