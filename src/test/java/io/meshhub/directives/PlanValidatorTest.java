package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

class PlanValidatorTest {

  @Test
  void diamondIsValidAndKeepsTheOrderGivenWithBothSpellings() {
    List<PlanValidator.PlannedStep> steps = PlanValidator.validate(plan(
      step("A", "build the base"),
      new JsonObject().put("name", "B").put("task_plan", "left").put("depends_on", new JsonArray().add("A")),
      step("C", "right", "A"),
      step("D", "join", "B", "C")));
    assertThat(steps).extracting(PlanValidator.PlannedStep::name).containsExactly("A", "B", "C", "D");
    assertThat(steps.get(1).taskPlan()).isEqualTo("left");
    assertThat(steps.get(3).dependsOn()).containsExactly("B", "C");
  }

  @Test
  void eachInvalidPlanIsRefusedNamingTheStep() {
    assertInvalid(plan(), "no steps");
    assertInvalid(plan(step(" ", "x")), "step 1 has no name");
    assertInvalid(plan(step("A", "  ")), "'A' has no task plan");
    assertInvalid(plan(step("A", "x"), step("A", "y")), "'A' is named twice");
    assertInvalid(plan(step("A", "x", "Z")), "'A' depends on 'Z'");
    assertInvalid(plan(step("A", "x", "A")), "'A' depends on itself");
    assertInvalid(plan(step("A", "x", "C"), step("B", "y", "A"), step("C", "z", "B"), step("D", "w")),
      "A -> C -> B -> A");
    JsonArray many = new JsonArray();
    for (int i = 0; i <= PlanValidator.MAX_STEPS; i++) {
      many.add(step("S" + i, "p"));
    }
    assertInvalid(new JsonObject().put("steps", many), "101 steps");
  }

  private static void assertInvalid(JsonObject plan, String named) {
    assertThatThrownBy(() -> PlanValidator.validate(plan))
      .isInstanceOf(ApiException.class)
      .satisfies(failure -> assertThat(((ApiException) failure).code()).isEqualTo(ErrorCode.INVALID_PLAN))
      .hasMessageContaining(named);
  }

  private static JsonObject plan(JsonObject... steps) {
    return new JsonObject().put("steps", new JsonArray(List.of((Object[]) steps)));
  }

  private static JsonObject step(String name, String taskPlan, String... dependsOn) {
    return new JsonObject().put("name", name).put("taskPlan", taskPlan)
      .put("dependsOn", new JsonArray(List.of((Object[]) dependsOn)));
  }
}
