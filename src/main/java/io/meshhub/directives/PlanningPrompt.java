package io.meshhub.directives;

import io.vertx.core.json.Json;

/**
 * What the planner agent is told: the directive in full, the shape of a plan, the rules it must follow, and the
 * exact commands that hand the plan to the hub and finish the planning contract.
 */
final class PlanningPrompt {

  /** The planner's instructions: the directive, the rules of a valid plan, and how to submit it. */
  private static final String TEMPLATE = """
      You are the planner of a directive. Break its goal into a chain of steps that other agents will carry out,
      each step in its own contract, in parallel wherever the dependencies allow.

      # Directive: %s

      ## Goal
      %s

      ## Requirements
      %s

      ## Acceptance criteria
      %s

      ## Constraints
      %s

      ## The plan
      Write the plan as JSON:
      {"steps": [{"name": "short unique name", "description": "what the step achieves",
                  "taskPlan": "complete instructions for the agent doing the step",
                  "dependsOn": ["names of steps that must pass first"]}]}

      Rules:
      - At least one step and at most 100. Every step has a unique, non-blank name and a non-blank taskPlan.
      - dependsOn names only steps of this plan, never the step itself, and the dependencies form no cycle.
      - A step may start only when every step it depends on has passed; give independent work no dependencies so
        that it runs in parallel.
      - Each taskPlan must stand alone: the agent doing it sees only its own plan and its contract's files.
      - Every step is judged by an evaluator against the acceptance criteria; say in each taskPlan what done means.

      ## When the plan is ready
      Submit it, then complete this planning contract:

          meshhub submit-plan --directive %s < plan.json
          meshhub complete --contract %s

      If the plan is refused, the message names the step that is wrong: fix it and submit again.
      """;

  private PlanningPrompt() {
  }

  static String of(Directive directive, String contractId) {
    return TEMPLATE.formatted(directive.title(), directive.goal(), Json.encodePrettily(directive.requirements()),
      Json.encodePrettily(directive.acceptanceCriteria()), Json.encodePrettily(directive.constraints()),
      directive.id(), contractId);
  }
}
