package io.meshhub.directives;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.DirectiveAgents;
import io.meshhub.support.DirectiveAgents.Run;
import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/**
 * The directive engine end to end, with the test daemon playing every agent: the planner submits a plan, step
 * supervisors finish their work, evaluators write their verdicts as files.
 */
class DirectiveEngineTest extends OwnerTest {

  private static final String DIRECTIVES = "/api/v1/directives";

  @Test
  void diamondRunsInDependencyOrderAndTheLogTellsTheWholeStory(Vertx vertx, VertxTestContext test) {
    run(vertx, 3, diamond()).compose(run -> {
      Future<JsonObject> completed = directiveReaches(run, "completed");
      return passStep(run, "A")
        .compose(a -> Future.all(spawned(run, "B"), spawned(run, "C")))
        .compose(both -> passSpawned(run, both.resultAt(0)).compose(b -> passSpawned(run, both.resultAt(1))))
        .compose(bc -> passStep(run, "D"))
        .compose(d -> completed)
        .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/events"))
        .map(check(listed -> {
          List<String> story = expectArray(listed).stream().map(JsonObject.class::cast)
            .map(event -> event.getString("eventType") + event.getJsonObject("data").getString("step", ""))
            .toList();
          assertThat(story).containsSubsequence("directive_created", "directive_started", "plan_submitted",
            "step_dispatchedA", "step_evaluatingA", "monitor_dispatchedA", "step_evaluation_passedA",
            "step_dispatchedD", "step_evaluation_passedD", "directive_completed");
          assertThat(story.indexOf("step_dispatchedB")).isGreaterThan(story.indexOf("step_evaluation_passedA"));
          assertThat(story.indexOf("step_dispatchedC")).isGreaterThan(story.indexOf("step_evaluation_passedA"));
          assertThat(story.indexOf("step_dispatchedD")).isGreaterThan(story.indexOf("step_evaluation_passedB"))
            .isGreaterThan(story.indexOf("step_evaluation_passedC"));
          assertThat(story.get(story.size() - 1)).isEqualTo("directive_completed");
        }))
        .compose(checked -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/chain"))
        .map(check(chain -> {
          JsonObject body = expect(chain, 200);
          assertThat(body.getString("status")).isEqualTo("completed");
          assertThat(body.getJsonArray("steps").stream().map(step -> ((JsonObject) step).getString("status")))
            .containsOnly("passed");
          assertThat(body.getJsonArray("steps").getJsonObject(0).getDouble("score")).isEqualTo(0.9);
        }))
        .eventually(run.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void failedEvaluationReworksWithFeedbackUntilTheBudgetThenFails(Vertx vertx, VertxTestContext test) {
    JsonObject failing = new JsonObject().put("passed", false).put("overallScore", 0.3).put("confidenceLevel", "red")
      .put("summaryFeedback", "tests are missing").put("reworkInstructions", "add the tests");
    run(vertx, 1, new JsonObject().put("steps", new JsonArray().add(step("A", "build it")))).compose(run -> {
      Future<JsonObject> failed = directiveReaches(run, "failed");
      return spawned(run, "A").compose(first -> {
        run.daemon().complete(UUID.fromString(first.getString("taskId")), true, "first try");
        return evaluate(run, "A", failing);
      })
        .compose(evaluated -> spawned(run, "A"))
        .map(check(rework -> assertThat(rework.getString("plan")).contains("attempt 2").contains("tests are missing")
          .contains("add the tests").endsWith("build it")))
        .compose(rework -> {
          run.daemon().complete(UUID.fromString(rework.getString("taskId")), true, "second try");
          return evaluate(run, "A", failing);
        })
        .compose(evaluated -> failed)
        .compose(done -> Future.all(api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/chain"),
          api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/evaluations")))
        .map(check(all -> {
          JsonObject step = expect(all.resultAt(0), 200).getJsonArray("steps").getJsonObject(0);
          assertThat(step.getString("status")).isEqualTo("failed");
          assertThat(step.getInteger("reworkCount")).isEqualTo(1);
          assertThat(expectArray(all.resultAt(1))).hasSize(2)
            .allSatisfy(evaluation -> assertThat(((JsonObject) evaluation).getBoolean("passed")).isFalse());
        }))
        .eventually(run.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void unreadableVerdictAndFailedEvaluatorBothFailOpen(Vertx vertx, VertxTestContext test) {
    run(vertx, 3, new JsonObject().put("steps", new JsonArray().add(step("A", "a")).add(step("B", "b", "A"))))
      .compose(run -> {
        Future<JsonObject> completed = directiveReaches(run, "completed");
        return spawned(run, "A").compose(a -> {
          run.daemon().complete(UUID.fromString(a.getString("taskId")), true, "a");
          return spawned(run, "A - Evaluator");
        }).compose(evaluator -> api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId")
            + "/files").putHeader("X-Tool-Key", evaluator.getString("toolKey"))
          .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", "looks fine to me"))
          .map(written -> {
            run.daemon().complete(UUID.fromString(evaluator.getString("taskId")), true, "evaluated");
            return null;
          }))
          .compose(a -> spawned(run, "B"))
          .compose(b -> {
            run.daemon().complete(UUID.fromString(b.getString("taskId")), true, "b");
            return spawned(run, "B - Evaluator");
          })
          .compose(evaluator -> {
            run.daemon().complete(UUID.fromString(evaluator.getString("taskId")), false, "evaluator crashed");
            return completed;
          })
          .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/events"))
          .map(check(listed -> {
            List<JsonObject> warnings = expectArray(listed).stream().map(JsonObject.class::cast)
              .filter(event -> "warn".equals(event.getString("severity"))).toList();
            assertThat(warnings).extracting(event -> event.getString("eventType"))
              .containsExactly("monitoring_parse_failed_open", "monitoring_failed_open");
          }))
          .eventually(run.daemon()::kill);
      }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void bothCompletionPathsAdvanceAStepOnce(Vertx vertx, VertxTestContext test) {
    run(vertx, 3, new JsonObject().put("steps", new JsonArray().add(step("A", "a")))).compose(run ->
      spawned(run, "A").compose(a -> {
          Future<HttpResponse<Buffer>> contractDone = api.post(owner.apiKey(), "/api/v1/contracts/"
            + a.getString("contractId") + "/complete", new JsonObject());
          run.daemon().complete(UUID.fromString(a.getString("taskId")), true, "a");
          return contractDone;
        })
        .compose(contractDone -> spawned(run, "A - Evaluator"))
        .compose(evaluator -> {
          Future<JsonObject> completed = directiveReaches(run, "completed");
          run.daemon().complete(UUID.fromString(evaluator.getString("taskId")), false, "gone");
          return completed;
        })
        .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/events"))
        .map(check(listed -> {
          List<String> types = expectArray(listed).stream()
            .map(event -> ((JsonObject) event).getString("eventType")).toList();
          assertThat(types.stream().filter("step_evaluating"::equals)).hasSize(1);
          assertThat(types.stream().filter("monitor_dispatched"::equals)).hasSize(1);
          assertThat(run.daemon().unclaimed("spawnTask")).noneMatch(named("A - Evaluator"));
        }))
        .eventually(run.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aHelperThePlannerSpawnedIsNotThePlanner(Vertx vertx, VertxTestContext test) {
    api.post(owner.apiKey(), DIRECTIVES, new JsonObject().put("title", "Helped").put("goal", "g"))
      .map(created -> expect(created, 201).getString("id"))
      .compose(directiveId -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 5).compose(daemon -> {
        Run run = new Run(directiveId, daemon);
        return api.post(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/start", new JsonObject())
          .compose(started -> spawned(run, "Helped - Planner"))
          .compose(planner -> api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks")
            .putHeader("X-Tool-Key", planner.getString("toolKey"))
            .sendJsonObject(new JsonObject().put("name", "helper").put("plan", "look something up")
              .put("repositoryUrl", "https://example.org/notes.git")
              .put("contractId", planner.getString("contractId")))
            .map(response -> UUID.fromString(expect(response, 201).getString("id")))
            .compose(helperId -> spawned(run, "helper").compose(spawn -> {
              Future<JsonObject> ended = HubEvents.taskCompleted(hub, helperId);
              daemon.complete(helperId, false, "the helper gave up");
              return ended;
            }))
            .compose(ended -> api.request(HttpMethod.POST, DIRECTIVES + "/" + directiveId + "/plan")
              .putHeader("X-Tool-Key", planner.getString("toolKey"))
              .sendJsonObject(new JsonObject().put("steps", new JsonArray().add(step("A", "a"))))))
          .map(check(submitted -> assertThat(expect(submitted, 200).getString("status")).isEqualTo("active")))
          .compose(submitted -> api.get(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/events"))
          .map(check(listed -> assertThat(expectArray(listed).stream()
            .map(event -> ((JsonObject) event).getString("eventType")))
            .doesNotContain("planning_failed", "planning_retry").contains("plan_submitted")))
          .map(check(events -> assertThat(daemon.unclaimed("spawnTask")).noneMatch(named("Helped - Planner"))))
          .eventually(daemon::kill);
      })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aVerdictHeardOnBothCompletionPathsIsStoredOnce(Vertx vertx, VertxTestContext test) {
    JsonObject verdict = new JsonObject().put("passed", true).put("overallScore", 0.9).put("confidenceLevel", "green");
    String[] monitor = new String[1];
    run(vertx, 1, new JsonObject().put("steps", new JsonArray().add(step("A", "a")))).compose(run -> {
      Future<JsonObject> completed = directiveReaches(run, "completed");
      return spawned(run, "A").compose(a -> {
          run.daemon().complete(UUID.fromString(a.getString("taskId")), true, "a");
          return spawned(run, "A - Evaluator");
        })
        .compose(evaluator -> api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId")
            + "/files").putHeader("X-Tool-Key", evaluator.getString("toolKey"))
          .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", verdict.encode()))
          .map(check(written -> expect(written, 201)))
          .compose(written -> {
            monitor[0] = evaluator.getString("contractId");
            Future<HttpResponse<Buffer>> monitorDone = api.post(owner.apiKey(), "/api/v1/contracts/"
              + evaluator.getString("contractId") + "/complete", new JsonObject());
            run.daemon().complete(UUID.fromString(evaluator.getString("taskId")), true, "evaluated");
            return monitorDone;
          }))
        .compose(monitorDone -> completed)
        // A manual evaluation is queued behind every change the directive has heard: once it answers, both paths
        // have been handled.
        .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/chain"))
        .compose(chain -> api.post(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/steps/"
          + expect(chain, 200).getJsonArray("steps").getJsonObject(0).getString("id") + "/evaluate", new JsonObject()))
        .map(check(again -> expect(again, 200)))
        .compose(again -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/evaluations"))
        .map(check(listed -> {
          assertThat(expectArray(listed)).hasSize(1);
          assertThat(expectArray(listed).getJsonObject(0).getString("contractId")).as("the monitoring contract")
            .isEqualTo(monitor[0]);
        }))
        .eventually(run.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aStepCannotWriteAnotherContractsVerdictOrThePlan(Vertx vertx, VertxTestContext test) {
    JsonObject forged = new JsonObject().put("name", "evaluation-result")
      .put("content", new JsonObject().put("passed", true).put("overallScore", 1.0).encode());
    run(vertx, 1, new JsonObject().put("steps", new JsonArray().add(step("A", "a")).add(step("B", "b"))))
      .compose(run -> Future.all(spawned(run, "A"), spawned(run, "B")).compose(both -> {
        JsonObject a = both.resultAt(0);
        JsonObject b = both.resultAt(1);
        run.daemon().complete(UUID.fromString(a.getString("taskId")), true, "a done");
        return spawned(run, "A - Evaluator")
          .compose(evaluator -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId())
            .map(directive -> expect(directive, 200).getString("orchestratorContractId"))
            .compose(planning -> Future.all(
              writeFile(b, evaluator.getString("contractId"), forged),
              writeFile(b, planning, forged.copy().put("name", "plan")),
              writeFile(b, b.getString("contractId"), forged.copy().put("name", "notes")),
              writeFile(evaluator, evaluator.getString("contractId"), forged))))
          .map(check(all -> {
            assertThat(expect(all.resultAt(0), 403).getString("code")).isEqualTo("FORBIDDEN");
            assertThat(expect(all.resultAt(1), 403).getString("code")).isEqualTo("FORBIDDEN");
            expect(all.resultAt(2), 201);
            expect(all.resultAt(3), 201);
          }))
          .eventually(run.daemon()::kill);
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> writeFile(JsonObject spawn, String contractId, JsonObject file) {
    return api.request(HttpMethod.POST, "/api/v1/contracts/" + contractId + "/files")
      .putHeader("X-Tool-Key", spawn.getString("toolKey")).sendJsonObject(file);
  }

  @Test
  void aDirectivePausedWhileItsLastStepEndsCompletesWhenResumed(Vertx vertx, VertxTestContext test) {
    run(vertx, 1, new JsonObject().put("steps", new JsonArray().add(step("A", "a")))).compose(run ->
      spawned(run, "A")
        .compose(a -> api.post(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/pause", new JsonObject())
          .map(check(paused -> assertThat(expect(paused, 200).getString("status")).isEqualTo("paused")))
          .compose(paused -> {
            Future<JsonObject> passed = stepReaches(run, "passed");
            return passSpawned(run, a).compose(evaluated -> passed);
          }))
        .compose(passed -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId()))
        .map(check(still -> assertThat(expect(still, 200).getString("status")).isEqualTo("paused")))
        .compose(still -> {
          Future<JsonObject> completed = directiveReaches(run, "completed");
          return api.post(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/resume", new JsonObject())
            .compose(resumed -> completed);
        })
        .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/events"))
        .map(check(listed -> assertThat(expectArray(listed).stream()
          .map(event -> ((JsonObject) event).getString("eventType")))
          .containsSubsequence("directive_paused", "step_evaluation_passed", "directive_resumed",
            "directive_completed")))
        .compose(logged -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/chain"))
        .compose(chain -> {
          JsonObject step = expect(chain, 200).getJsonArray("steps").getJsonObject(0);
          return api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + step.getString("taskId"))
            .map(check(task -> assertThat(expect(task, 200).getString("directiveStepId"))
              .as("the step's task knows its step").isEqualTo(step.getString("id"))));
        })
        .eventually(run.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> stepReaches(Run run, String status) {
    return HubEvents.ownerEvent(hub, owner.id(), event -> "stepUpdated".equals(event.getString("type"))
      && run.directiveId().equals(event.getString("directiveId")) && status.equals(event.getString("status")));
  }

  @Test
  void plannerWithoutAPlanIsRestartedUpToTheLimitThenTheDirectiveFails(Vertx vertx, VertxTestContext test) {
    api.post(owner.apiKey(), DIRECTIVES, new JsonObject().put("title", "Planless").put("goal", "g")
        .put("maxChainRegenerations", 1))
      .map(created -> expect(created, 201).getString("id"))
      .compose(directiveId -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 5).compose(daemon -> {
        Run run = new Run(directiveId, daemon);
        Future<JsonObject> failed = directiveReaches(run, "failed");
        return api.post(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/start", new JsonObject())
          .compose(started -> spawned(run, "Planless - Planner"))
          .compose(first -> {
            daemon.complete(UUID.fromString(first.getString("taskId")), true, "no plan");
            return spawned(run, "Planless - Planner");
          })
          .compose(second -> {
            daemon.complete(UUID.fromString(second.getString("taskId")), true, "still no plan");
            return failed;
          })
          .compose(done -> api.get(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/events"))
          .map(check(listed -> {
            List<JsonObject> story = expectArray(listed).stream().map(JsonObject.class::cast).toList();
            assertThat(story).extracting(event -> event.getString("eventType"))
              .containsSubsequence("directive_started", "planning_retry", "directive_started", "planning_failed");
            assertThat(story.stream().filter(event -> "planning_retry".equals(event.getString("eventType")))
              .findFirst().orElseThrow().getString("severity")).isEqualTo("warn");
          }))
          .eventually(daemon::kill);
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void manualEvaluationNeedsAStepThatRanAndReEvaluatesAPassedOne(Vertx vertx, VertxTestContext test) {
    run(vertx, 3, new JsonObject().put("steps", new JsonArray().add(step("A", "a")).add(step("B", "b", "A"))))
      .compose(run -> api.get(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/chain")
        .map(chain -> expect(chain, 200).getJsonArray("steps"))
        .compose(steps -> evaluateStep(run, steps.getJsonObject(1).getString("id"))
          .map(check(neverRan -> assertThat(expect(neverRan, 400).getString("message")).contains("not run")))
          .compose(neverRan -> passStep(run, "A"))
          .compose(passed -> spawned(run, "B"))
          .compose(b -> evaluateStep(run, steps.getJsonObject(0).getString("id")))
          .map(check(again -> assertThat(expect(again, 200).getString("status")).isEqualTo("evaluating")))
          .compose(again -> spawned(run, "A - Evaluator")))
        .eventually(run.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> evaluateStep(Run run, String stepId) {
    return api.post(owner.apiKey(), DIRECTIVES + "/" + run.directiveId() + "/steps/" + stepId + "/evaluate",
      new JsonObject());
  }

  /** The next directiveUpdated event of the run's directive with this status. */
  private Future<JsonObject> directiveReaches(Run run, String status) {
    return HubEvents.ownerEvent(hub, owner.id(), event -> "directiveUpdated".equals(event.getString("type"))
      && run.directiveId().equals(event.getString("directiveId")) && status.equals(event.getString("status")));
  }

  // ---- the agents (see DirectiveAgents) ----

  private DirectiveAgents agents() {
    return new DirectiveAgents(hub, api, owner);
  }

  private Future<Run> run(Vertx vertx, int maxReworkCycles, JsonObject plan) {
    return agents().run(vertx, maxReworkCycles, plan);
  }

  private Future<Void> passStep(Run run, String step) {
    return agents().passStep(run, step);
  }

  private Future<Void> passSpawned(Run run, JsonObject stepSpawn) {
    return agents().passSpawned(run, stepSpawn);
  }

  private Future<Void> evaluate(Run run, String step, JsonObject verdict) {
    return agents().evaluate(run, step, verdict);
  }

  private static Future<JsonObject> spawned(Run run, String taskName) {
    return DirectiveAgents.spawned(run, taskName);
  }

  private static java.util.function.Predicate<JsonObject> named(String taskName) {
    return DirectiveAgents.named(taskName);
  }

  private static JsonObject diamond() {
    return DirectiveAgents.diamond();
  }

  private static JsonObject step(String name, String taskPlan, String... dependsOn) {
    return DirectiveAgents.step(name, taskPlan, dependsOn);
  }
}
