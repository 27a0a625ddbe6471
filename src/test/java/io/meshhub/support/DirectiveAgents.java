package io.meshhub.support;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A test daemon playing every agent of a directive: the planner submits a plan with its tool key, step supervisors
 * finish their work, evaluators write their verdicts as files.
 */
public final class DirectiveAgents {

  private static final String DIRECTIVES = "/api/v1/directives";

  /** The directive being run and the daemon that runs all its agents. */
  public record Run(String directiveId, TestDaemon daemon) {
  }

  private final RunningHub hub;
  private final Api api;
  private final TestOwner owner;

  public DirectiveAgents(RunningHub hub, Api api, TestOwner owner) {
    this.hub = hub;
    this.api = api;
    this.owner = owner;
  }

  /** Starts a directive, lets the planner submit the plan with its tool key, and completes the planner. */
  public Future<Run> run(Vertx vertx, int maxReworkCycles, JsonObject plan) {
    return api.post(owner.apiKey(), DIRECTIVES, new JsonObject().put("title", "Engine").put("goal", "Build it")
        .put("acceptanceCriteria", new JsonArray().add("it works")).put("maxReworkCycles", maxReworkCycles))
      .map(created -> expect(created, 201).getString("id"))
      .compose(directiveId -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 20).compose(daemon ->
        api.post(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/start", new JsonObject())
          .compose(started -> spawned(new Run(directiveId, daemon), "Engine - Planner"))
          .compose(planner -> api.request(HttpMethod.POST, DIRECTIVES + "/" + directiveId + "/plan")
            .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(plan)
            .map(check(submitted -> assertThat(expect(submitted, 200).getString("status")).isEqualTo("active")))
            .compose(submitted -> api.request(HttpMethod.POST, "/api/v1/contracts/" + planner.getString("contractId")
              + "/complete").putHeader("X-Tool-Key", planner.getString("toolKey")).send())
            .map(check(completed -> assertThat(expect(completed, 200).getString("status")).isEqualTo("completed")))
            .map(completed -> {
              daemon.complete(UUID.fromString(planner.getString("taskId")), true, "planned");
              return new Run(directiveId, daemon);
            }))));
  }

  /** The step's supervisor finishes its work; its evaluator passes it. */
  public Future<Void> passStep(Run run, String step) {
    return spawned(run, step).compose(spawn -> passSpawned(run, spawn));
  }

  public Future<Void> passSpawned(Run run, JsonObject stepSpawn) {
    String step = stepSpawn.getString("taskName");
    run.daemon().complete(UUID.fromString(stepSpawn.getString("taskId")), true, step + " done");
    return evaluate(run, step, new JsonObject().put("passed", true).put("overallScore", 0.9)
      .put("confidenceLevel", "green"));
  }

  /** The step's evaluator writes this verdict as the file evaluation-result and completes. */
  public Future<Void> evaluate(Run run, String step, JsonObject verdict) {
    return spawned(run, step + " - Evaluator").compose(evaluator ->
      api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId") + "/files")
        .putHeader("X-Tool-Key", evaluator.getString("toolKey"))
        .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", verdict.encode()))
        .map(check(written -> expect(written, 201)))
        .map(written -> {
          run.daemon().complete(UUID.fromString(evaluator.getString("taskId")), true, "evaluated");
          return null;
        }));
  }

  public static Future<JsonObject> spawned(Run run, String taskName) {
    return run.daemon().await(named(taskName)::test);
  }

  public static Predicate<JsonObject> named(String taskName) {
    return frame -> "spawnTask".equals(frame.getString("type")) && taskName.equals(frame.getString("taskName"));
  }

  /** A, then B and C side by side, then D after both. */
  public static JsonObject diamond() {
    return new JsonObject().put("steps", new JsonArray()
      .add(step("A", "base"))
      .add(step("B", "left", "A"))
      .add(step("C", "right", "A"))
      .add(step("D", "join", "B", "C")));
  }

  public static JsonObject step(String name, String taskPlan, String... dependsOn) {
    return new JsonObject().put("name", name).put("taskPlan", taskPlan)
      .put("dependsOn", new JsonArray(List.of((Object[]) dependsOn)));
  }
}
