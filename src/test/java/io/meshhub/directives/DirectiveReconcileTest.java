package io.meshhub.directives;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.HubEvents;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * What a crash between two commits leaves behind — a step's task done with nobody having heard it, a step whose
 * task was created but never linked — is caught up when a hub starts. The crash is played by writing that state
 * into the database while the hub is down, exactly as the interrupted statements would have left it.
 */
class DirectiveReconcileTest extends ClientTest {

  @Test
  void aHubStartingAgainCatchesUpWithWorkThatEndedUnheardAndLinksWhatWasNeverLinked() throws SQLException {
    TestHub.OwnHub node = TestHub.OwnHub.create().with(Map.of("http.port", TestHub.OwnHub.freePort(),
      "daemons.timeoutMs", "20000"));
    RunningHub hub = node.start();
    Api api = new Api(vertx, hub);
    TestOwner owner = await(api.newOwner(), "an owner");
    TestDaemon daemon = await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 5), "a daemon");
    String directiveId = await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject()
      .put("title", "Gap").put("goal", "g")).map(created -> Api.expect(created, 201).getString("id")), "directive");
    await(api.post(owner.apiKey(), "/api/v1/directives/" + directiveId + "/start", new JsonObject()), "start");
    JsonObject planner = await(spawned(daemon, "Gap - Planner"), "the planner");
    await(api.request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
      .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(new JsonObject().put("steps",
        new JsonArray().add(new JsonObject().put("name", "A").put("taskPlan", "a"))
          .add(new JsonObject().put("name", "B").put("taskPlan", "b")))), "the plan");
    JsonObject a = await(spawned(daemon, "A"), "step A");
    JsonObject b = await(spawned(daemon, "B"), "step B");
    hub.stop();
    await(daemon.closed(), "the daemon to see the hub go");

    // The crash: A's task was marked done and nobody heard; B's step started its attempt and its contract and task
    // were made, but the links from the step to them were never written.
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")))) {
      update(db, "update tasks set status = 'done', completed_at = now() where id = ?", a.getString("taskId"));
      update(db, """
        update steps s set task_id = null, contract_id = null,
          updated_at = (select created_at from tasks t where t.id = s.task_id) - interval '1 millisecond'
        where s.task_id = ?""", b.getString("taskId"));
    }

    RunningHub again = node.start();
    try {
      TestDaemon back = await(TestDaemon.connect(vertx, again.port(), TestDaemon.register(owner.apiKey(), 5)
        .put("daemonId", daemon.daemonId().toString()).put("runningTaskIds", new JsonArray()
          .add(b.getString("taskId")))), "the daemon back");
      JsonObject evaluatorA = await(spawned(back, "A - Evaluator"), "A's evaluator, dispatched by the catch-up");
      assertThat(evaluatorA.getString("directiveId")).isEqualTo(directiveId);
      JsonObject chain = await(new Api(vertx, again).get(owner.apiKey(), "/api/v1/directives/" + directiveId
        + "/chain").map(response -> Api.expect(response, 200)), "the chain");
      JsonObject stepB = chain.getJsonArray("steps").stream().map(JsonObject.class::cast)
        .filter(step -> "B".equals(step.getString("name"))).findFirst().orElseThrow();
      assertThat(stepB.getString("taskId")).as("B linked again to the task made for it").isEqualTo(b.getString(
        "taskId"));
      assertThat(stepB.getString("status")).isEqualTo("running");
      back.kill();
    } finally {
      again.stop();
    }
  }

  @Test
  void aStartThatStoppedHalfWayIsFinishedWhenAHubStarts() throws SQLException {
    TestHub.OwnHub node = TestHub.OwnHub.create().with(Map.of("daemons.timeoutMs", "20000"));
    RunningHub hub = node.start();
    Api api = new Api(vertx, hub);
    TestOwner owner = await(api.newOwner(), "an owner");
    TestDaemon daemon = await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 5), "a daemon");
    String directiveId = await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject()
      .put("title", "Half").put("goal", "g")).map(created -> Api.expect(created, 201).getString("id")), "directive");
    await(api.post(owner.apiKey(), "/api/v1/directives/" + directiveId + "/start", new JsonObject()), "start");
    JsonObject planner = await(spawned(daemon, "Half - Planner"), "the planner");
    hub.stop();

    // The crash: the directive moved to planning, its planning contract and planner were made, the links were not.
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")))) {
      update(db, "update contracts set supervisor_task_id = null where id = ?", planner.getString("contractId"));
      update(db, """
        update directives set orchestrator_contract_id = null, updated_at = now() - interval '1 minute'
        where id = ?""", directiveId);
    }

    RunningHub again = node.start();
    try {
      Api api2 = new Api(vertx, again);
      Future<JsonObject> repaired = HubEvents.ownerEvent(again, owner.id(), event ->
        "directive_start_completed".equals(event.getString("eventType")));
      boolean already = await(api2.get(owner.apiKey(), "/api/v1/directives/" + directiveId)
        .map(found -> Api.expect(found, 200).getString("orchestratorContractId") != null), "the directive");
      if (!already) {
        await(repaired, "the start to be finished");
      }
      JsonObject submitted = await(api2.request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
        .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(new JsonObject().put("steps",
          new JsonArray().add(new JsonObject().put("name", "A").put("taskPlan", "a"))))
        .map(response -> Api.expect(response, 200)), "the plan from the original planner");
      assertThat(submitted.getString("status")).isEqualTo("active");
      assertThat(submitted.getString("orchestratorContractId")).isEqualTo(planner.getString("contractId"));
    } finally {
      again.stop();
    }
  }

  private static Future<JsonObject> spawned(TestDaemon daemon, String name) {
    return daemon.await(frame -> "spawnTask".equals(frame.getString("type"))
      && name.equals(frame.getString("taskName")));
  }

  private static void update(Connection db, String sql, String id) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      statement.setObject(1, UUID.fromString(id));
      assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, 60, what);
  }
}
