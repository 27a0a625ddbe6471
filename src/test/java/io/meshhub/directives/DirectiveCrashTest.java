package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.FrameSocket;
import io.meshhub.support.HubProcess;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The hub process is killed (SIGKILL) while a directive has one step running and another being evaluated; started
 * again on the same database, it takes the daemon back, and the directive completes with every task ending once.
 */
class DirectiveCrashTest extends ClientTest {

  private static final String DIRECTIVES = "/api/v1/directives";


  @Test
  void aDirectiveKilledMidFlightCompletesAfterTheRestart(@TempDir Path dir) {
    String adminKey = ApiKeys.newOwnerKey();
    Map<String, String> settings = new HashMap<>(TestHub.TEST_TIMINGS);
    settings.putAll(Map.of("db.url", TestDatabase.newDatabase(), "auth.bootstrapKey", adminKey,
      "http.port", TestHub.OwnHub.freePort()));
    int port = Integer.parseInt(settings.get("http.port"));
    HubProcess first = HubProcess.start(settings, dir.resolve("hub.log"));
    HubProcess second = null;
    Api api = new Api(vertx, port, adminKey);
    try {
      TestOwner owner = await(api.newOwner(), "an owner");
      TestDaemon daemon = await(TestDaemon.connect(vertx, port, owner.apiKey(), 5), "a daemon");
      String directiveId = await(api.post(owner.apiKey(), DIRECTIVES, new JsonObject().put("title", "Crash")
        .put("goal", "survive")).map(created -> Api.expect(created, 201).getString("id")), "a directive");
      await(api.post(owner.apiKey(), DIRECTIVES + "/" + directiveId + "/start", new JsonObject()), "the start");
      plan(api, daemon, directiveId);
      JsonObject a = await(spawned(daemon, "A"), "step A");
      JsonObject b = await(spawned(daemon, "B"), "step B");
      daemon.complete(UUID.fromString(a.getString("taskId")), true, "a done");
      JsonObject evaluatorA = await(spawned(daemon, "A - Evaluator"), "A's evaluator");

      first.kill();
      await(daemon.closed(), "the daemon to lose its hub");
      second = HubProcess.start(settings, dir.resolve("hub.log"));

      TestDaemon back = await(TestDaemon.connect(vertx, port, TestDaemon.register(owner.apiKey(), 5)
        .put("daemonId", daemon.daemonId().toString()).put("runningTaskIds", new JsonArray()
          .add(b.getString("taskId")).add(evaluatorA.getString("taskId")))), "the daemon back");
      FrameSocket dashboard = await(FrameSocket.dashboard(vertx, port, owner.apiKey()), "a dashboard");
      Future<JsonObject> completed = dashboard.await(event -> "directiveUpdated".equals(event.getString("type"))
        && "completed".equals(event.getString("status")));
      await(evaluate(api, back, evaluatorA), "A's verdict");
      back.complete(UUID.fromString(b.getString("taskId")), true, "b done");
      await(spawned(back, "B - Evaluator").compose(evaluatorB -> evaluate(api, back, evaluatorB)), "B's verdict");
      await(completed, "the directive to complete");

      JsonArray tasks = await(api.get(owner.apiKey(), "/api/v1/mesh/tasks?directiveId=" + directiveId)
        .map(Api::expectArray), "the directive's tasks");
      assertThat(tasks).hasSize(5);
      for (Object listed : tasks) {
        JsonObject task = (JsonObject) listed;
        assertThat(task.getString("status")).as(task.getString("name")).isIn("done", "merged");
        JsonArray events = await(api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + task.getString("id") + "/events")
          .map(Api::expectArray), "the task's events");
        assertThat(events.stream().map(JsonObject.class::cast)
          .filter(event -> "starting".equals(event.getJsonObject("eventData").getString("status"))))
          .as("dispatches of %s", task.getString("name")).hasSize(1);
      }
      back.kill();
    } finally {
      (second != null ? second : first).kill();
    }
  }

  /** The planner submits a plan of two independent steps and finishes. */
  private void plan(Api api, TestDaemon daemon, String directiveId) {
    JsonObject planner = await(spawned(daemon, "Crash - Planner"), "the planner");
    JsonObject plan = new JsonObject().put("steps", new JsonArray()
      .add(new JsonObject().put("name", "A").put("taskPlan", "a"))
      .add(new JsonObject().put("name", "B").put("taskPlan", "b")));
    await(api.request(HttpMethod.POST, DIRECTIVES + "/" + directiveId + "/plan")
      .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(plan)
      .map(submitted -> Api.expect(submitted, 200)), "the plan");
    daemon.complete(UUID.fromString(planner.getString("taskId")), true, "planned");
  }

  private static Future<JsonObject> spawned(TestDaemon daemon, String name) {
    return daemon.await(frame -> "spawnTask".equals(frame.getString("type"))
      && name.equals(frame.getString("taskName")));
  }

  /** The evaluator writes a passing verdict and finishes. */
  private static Future<Void> evaluate(Api api, TestDaemon daemon, JsonObject evaluator) {
    JsonObject verdict = new JsonObject().put("passed", true).put("overallScore", 0.9).put("confidenceLevel", "green");
    return api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId") + "/files")
      .putHeader("X-Tool-Key", evaluator.getString("toolKey"))
      .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", verdict.encode()))
      .map(written -> {
        Api.expect(written, 201);
        daemon.complete(UUID.fromString(evaluator.getString("taskId")), true, "evaluated");
        return null;
      });
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, 60, what);
  }
}
