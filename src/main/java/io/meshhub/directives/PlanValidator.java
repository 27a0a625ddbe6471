package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a submitted plan as a whole before anything is written: at least one step and at most {@value MAX_STEPS};
 * every step named and planned; names unique; every dependency a step of the plan, not the step itself; and no
 * cycle (the cycle is named). Each refusal is an {@code INVALID_PLAN} naming the step.
 */
final class PlanValidator {

  static final int MAX_STEPS = 100;

  /** A step as planned: dependencies by name, in the order given. */
  record PlannedStep(String name, String description, String taskPlan, List<String> dependsOn) {
  }

  private PlanValidator() {
  }

  /** The plan's steps in submission order, or an {@code INVALID_PLAN} failure. */
  static List<PlannedStep> validate(JsonObject plan) {
    JsonArray given = plan.getJsonArray("steps", new JsonArray());
    if (given.isEmpty()) {
      throw invalid("the plan has no steps");
    }
    if (given.size() > MAX_STEPS) {
      throw invalid("the plan has " + given.size() + " steps; at most " + MAX_STEPS + " are allowed");
    }
    Map<String, PlannedStep> byName = new LinkedHashMap<>();
    for (int i = 0; i < given.size(); i++) {
      PlannedStep step = read(given.getJsonObject(i), i);
      if (byName.putIfAbsent(step.name(), step) != null) {
        throw invalid("step '" + step.name() + "' is named twice");
      }
    }
    for (PlannedStep step : byName.values()) {
      for (String dependency : step.dependsOn()) {
        if (dependency.equals(step.name())) {
          throw invalid("step '" + step.name() + "' depends on itself");
        }
        if (!byName.containsKey(dependency)) {
          throw invalid("step '" + step.name() + "' depends on '" + dependency + "', which is not a step of the plan");
        }
      }
    }
    rejectCycles(byName);
    return List.copyOf(byName.values());
  }

  /** Accepts {@code taskPlan} / {@code task_plan} and {@code dependsOn} / {@code depends_on}. */
  private static PlannedStep read(JsonObject step, int index) {
    String name = text(step.getValue("name"));
    if (name == null || name.isBlank()) {
      throw invalid("step " + (index + 1) + " has no name");
    }
    String taskPlan = text(step.getValue("taskPlan", step.getValue("task_plan")));
    if (taskPlan == null || taskPlan.isBlank()) {
      throw invalid("step '" + name.trim() + "' has no task plan");
    }
    Object dependencies = step.getValue("dependsOn", step.getValue("depends_on"));
    List<String> dependsOn = new ArrayList<>();
    if (dependencies instanceof JsonArray list) {
      list.forEach(dependency -> dependsOn.add(String.valueOf(dependency).trim()));
    } else if (dependencies != null) {
      throw invalid("step '" + name.trim() + "' has dependsOn that is not a list of step names");
    }
    return new PlannedStep(name.trim(), text(step.getValue("description")), taskPlan, List.copyOf(dependsOn));
  }

  private static String text(Object value) {
    return value instanceof String string ? string : null;
  }

  /** Depth-first search; a step met again while still on the path closes a cycle, named from where it starts. */
  private static void rejectCycles(Map<String, PlannedStep> byName) {
    Map<String, Boolean> onPath = new HashMap<>();
    for (String start : byName.keySet()) {
      visit(start, byName, onPath, new ArrayList<>());
    }
  }

  private static void visit(String name, Map<String, PlannedStep> byName, Map<String, Boolean> onPath,
                            List<String> path) {
    Boolean state = onPath.get(name);
    if (Boolean.FALSE.equals(state)) {
      return;
    }
    if (Boolean.TRUE.equals(state)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      throw invalid("step '" + name + "' is in a dependency cycle: " + String.join(" -> ", cycle));
    }
    onPath.put(name, true);
    path.add(name);
    for (String dependency : byName.get(name).dependsOn()) {
      visit(dependency, byName, onPath, path);
    }
    path.remove(path.size() - 1);
    onPath.put(name, false);
  }

  private static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_PLAN, message);
  }
}
