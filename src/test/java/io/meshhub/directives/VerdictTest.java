package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An evaluator's verdict is read leniently, and the prompt asks for the fields the reader reads. */
class VerdictTest {

  @Test
  void aVerdictIsReadByItsFieldNamesAndMistypedFieldsAreAbsent() {
    Verdict verdict = Verdict.fromJson(new JsonObject().put("passed", true).put("overallScore", 1)
      .put("confidenceLevel", 3).put("criteriaResults", "none").put("summaryFeedback", "fine"));
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.overallScore()).isEqualTo(1.0);
    assertThat(verdict.confidenceLevel()).isNull();
    assertThat(verdict.criteriaResults()).isEmpty();
    assertThat(verdict.summaryFeedback()).isEqualTo("fine");
    assertThat(Verdict.fromJson(new JsonObject().put("passed", "yes")).passed()).as("only true passes").isFalse();
  }

  @Test
  void theExampleTheEvaluatorIsShownNamesEveryFieldTheReaderReads() {
    String example = VerdictField.example();
    for (VerdictField field : VerdictField.values()) {
      assertThat(example).contains("\"" + field.wire() + "\"");
    }
    assertThat(VerdictField.OVERALL_SCORE.wire()).isEqualTo("overallScore");
  }
}
