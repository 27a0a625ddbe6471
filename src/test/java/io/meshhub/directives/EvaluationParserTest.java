package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/** Where an evaluator's verdict is found in the monitor's files, without a hub. */
class EvaluationParserTest {

  @Test
  void theFileNamedLikeAnEvaluationIsReadRatherThanTheFirst() {
    ContractFile notes = file("notes", element("paragraph", "{\"passed\": false}"));
    ContractFile result = file("evaluation-result", element("code", "{\"passed\": true, \"overallScore\": 0.8}"));
    assertThat(EvaluationParser.parse(List.of(notes, result))).hasValueSatisfying(verdict ->
      assertThat(verdict.getBoolean("passed")).isTrue());
  }

  @Test
  void aFencedJsonBlockInMarkdownIsFound() {
    JsonArray body = new JsonArray().add(element("markdown", """
      The work looks complete.
      ```json
      {"passed": true, "confidenceLevel": "green"}
      ```
      """));
    assertThat(EvaluationParser.parse(body)).hasValueSatisfying(verdict ->
      assertThat(verdict.getString("confidenceLevel")).isEqualTo("green"));
  }

  @Test
  void proseBeforeTheJsonIsSkippedAcrossElements() {
    JsonArray body = new JsonArray().add(element("paragraph", "My verdict follows."))
      .add(element("paragraph", "Here: {\"passed\": false,")).add(element("paragraph", "\"overallScore\": 0.2}"));
    assertThat(EvaluationParser.parse(body)).hasValueSatisfying(verdict -> {
      assertThat(verdict.getBoolean("passed")).isFalse();
      assertThat(verdict.getDouble("overallScore")).isEqualTo(0.2);
    });
  }

  @Test
  void noJsonObjectAnywhereIsNoVerdict() {
    assertThat(EvaluationParser.parse(new JsonArray().add(element("paragraph", "looks fine to me"))
      .add(element("code", "[1, 2, 3]")))).isEmpty();
    assertThat(EvaluationParser.parse(List.of())).isEmpty();
  }

  private static JsonObject element(String type, String content) {
    return new JsonObject().put("type", type).put("content", content);
  }

  private static ContractFile file(String name, JsonObject element) {
    return new ContractFile(UUID.randomUUID(), UUID.randomUUID(), name, new JsonArray().add(element), null, null);
  }
}
