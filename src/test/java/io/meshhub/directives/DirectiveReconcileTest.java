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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a crash between two commits leaves behind — a step's task done with nobody having heard it, an attempt or a
 * start whose task was made and never linked, or never made, a verdict stored and its step never moved — is caught
 * up when a hub starts. The crash is played by writing that state into the database while the hub is down, exactly
 * as the interrupted statements would have left it.
 */
class DirectiveReconcileTest extends ClientTest {

  private TestHub.OwnHub node;
  private RunningHub hub;
  private Api api;
  private TestOwner owner;
  private TestDaemon daemon;

  /**
   * A hub of the test's own (a daemon silent for 20 s is still there: the hub's restart must not lose it), an owner,
   * and a daemon of theirs with {@code slots} slots.
   */
  private void startHub(Map<String, String> settings, int slots) {
    Map<String, String> config = new HashMap<>(settings);
    config.put("daemons.timeoutMs", "20000");
    node = TestHub.OwnHub.create().with(config);
    hub = node.start();
    api = new Api(vertx, hub);
    owner = await(api.newOwner(), "an owner");
    daemon = await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), slots), "a daemon");
  }

  @Test
  void aHubStartingAgainCatchesUpWithWorkThatEndedUnheardAndFinishesAttemptsCutInTwo() throws SQLException {
    startHub(Map.of("http.port", TestHub.OwnHub.freePort()), 6);
    String directiveId = directive(api, owner, "Gap");
    started(api, owner, daemon, directiveId, "Gap", step("A"), step("B"), step("C"));
    JsonObject a = await(spawned(daemon, "A"), "step A");
    JsonObject b = await(spawned(daemon, "B"), "step B");
    JsonObject c = await(spawned(daemon, "C"), "step C");
    hub.stop();
    await(daemon.closed(), "the daemon to see the hub go");

    // The crash, as each transition's commits can leave it: A's task was marked done and nobody heard; B's attempt
    // and contract were committed and its task never made (the task there is no longer the step's); C's task was
    // made and never linked to the step and its contract.
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")))) {
      update(db, "update tasks set status = 'done', completed_at = now() where id = ?", a.getString("taskId"));
      update(db, "update steps set task_id = null where task_id = ?", b.getString("taskId"));
      update(db, "update contracts set supervisor_task_id = null where id = ?", b.getString("contractId"));
      update(db, """
        update tasks set directive_step_id = null, status = 'cancelled', daemon_id = null, completed_at = now()
        where id = ?""", b.getString("taskId"));
      update(db, """
        update steps s set task_id = null,
          updated_at = (select created_at from tasks t where t.id = s.task_id) - interval '1 millisecond'
        where s.task_id = ?""", c.getString("taskId"));
      update(db, "update contracts set supervisor_task_id = null where id = ?", c.getString("contractId"));
    }

    RunningHub again = node.start();
    try {
      TestDaemon back = await(TestDaemon.connect(vertx, again.port(), TestDaemon.register(owner.apiKey(), 6)
        .put("daemonId", daemon.daemonId().toString()).put("runningTaskIds", new JsonArray()
          .add(c.getString("taskId")))), "the daemon back");
      JsonObject evaluatorA = await(spawned(back, "A - Evaluator"), "A's evaluator, dispatched by the catch-up");
      assertThat(evaluatorA.getString("directiveId")).isEqualTo(directiveId);
      JsonObject madeB = await(spawned(back, "B"), "B's task, made for the attempt's contract");
      assertThat(madeB.getString("contractId")).isEqualTo(b.getString("contractId"));
      assertThat(madeB.getString("taskId")).isNotEqualTo(b.getString("taskId"));
      JsonObject chain = await(new Api(vertx, again).get(owner.apiKey(), "/api/v1/directives/" + directiveId
        + "/chain").map(response -> Api.expect(response, 200)), "the chain");
      assertThat(stepNamed(chain, "B").getString("taskId")).isEqualTo(madeB.getString("taskId"));
      JsonObject stepC = stepNamed(chain, "C");
      assertThat(stepC.getString("taskId")).as("C linked again to the task made for it").isEqualTo(c.getString(
        "taskId"));
      assertThat(stepC.getString("status")).isEqualTo("running");
      JsonObject contractC = await(new Api(vertx, again).get(owner.apiKey(), "/api/v1/contracts/"
        + c.getString("contractId")).map(response -> Api.expect(response, 200)), "C's contract");
      assertThat(contractC.getString("supervisorTaskId")).isEqualTo(c.getString("taskId"));
      back.kill();
    } finally {
      again.stop();
    }
  }

  @Test
  void startsThatStoppedHalfWayAreFinishedWhenAHubStarts() throws SQLException {
    startHub(Map.of(), 5);
    String directiveId = directive(api, owner, "Half");
    String neverStarted = directive(api, owner, "Cut");
    JsonObject planner = started(api, owner, daemon, directiveId, "Half");
    hub.stop();

    // The crash: "Half" moved to planning with its planning contract, and its planner was made but never linked;
    // "Cut" moved to planning with its planning contract, and its planner was never made.
    String cutContract;
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")))) {
      update(db, "update contracts set supervisor_task_id = null where id = ?", planner.getString("contractId"));
      update(db, "update directives set updated_at = now() - interval '1 minute' where id = ?", directiveId);
      cutContract = plannedWithoutPlanner(db, owner, neverStarted);
    }

    RunningHub again = node.start();
    try {
      Api api2 = new Api(vertx, again);
      TestDaemon back = await(TestDaemon.connect(vertx, again.port(), TestDaemon.register(owner.apiKey(), 5)
        .put("daemonId", daemon.daemonId().toString()).put("runningTaskIds", new JsonArray()
          .add(planner.getString("taskId")))), "the daemon back");
      JsonObject cutPlanner = await(spawned(back, "Cut - Planner"), "the planner the cut start never made");
      assertThat(cutPlanner.getString("contractId")).isEqualTo(cutContract);
      JsonObject submitted = await(api2.request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
        .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(new JsonObject().put("steps",
          new JsonArray().add(step("A"))))
        .map(response -> Api.expect(response, 200)), "the plan from the original planner");
      assertThat(submitted.getString("status")).isEqualTo("active");
      assertThat(submitted.getString("orchestratorContractId")).isEqualTo(planner.getString("contractId"));
      JsonObject halfContract = await(api2.get(owner.apiKey(), "/api/v1/contracts/" + planner.getString("contractId"))
        .map(response -> Api.expect(response, 200)), "Half's planning contract");
      assertThat(halfContract.getString("supervisorTaskId")).isEqualTo(planner.getString("taskId"));
      back.kill();
    } finally {
      again.stop();
    }
  }

  @Test
  void aVerdictStoredByAHubThatStoppedBeforeMovingTheStepStillMovesIt() throws SQLException {
    startHub(Map.of(), 5);
    String directiveId = directive(api, owner, "Judged");
    started(api, owner, daemon, directiveId, "Judged", step("A"));
    JsonObject a = await(spawned(daemon, "A"), "step A");
    daemon.complete(UUID.fromString(a.getString("taskId")), true, "a done");
    JsonObject evaluator = await(spawned(daemon, "A - Evaluator"), "A's evaluator");
    await(api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId") + "/files")
      .putHeader("X-Tool-Key", evaluator.getString("toolKey")).sendJsonObject(new JsonObject()
        .put("name", "evaluation-result").put("content", new JsonObject().put("passed", true)
          .put("overallScore", 0.9).put("confidenceLevel", "green").encode()))
      .map(written -> Api.expect(written, 201)), "the verdict");
    hub.stop();
    await(daemon.closed(), "the daemon to see the hub go");

    // The crash of a hub that stored the verdict and the step's move in two commits: the evaluator ended, its
    // verdict was stored, and the step was never moved.
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")))) {
      update(db, "update tasks set status = 'done', completed_at = now() where id = ?", evaluator.getString("taskId"));
      update(db, """
        insert into evaluations (directive_id, owner_id, chain_id, step_id, contract_id, passed, overall_score,
                                 confidence_level)
        select s.directive_id, s.owner_id, s.chain_id, s.id, s.monitoring_contract_id, true, 0.9, 'green'
        from steps s where s.monitoring_contract_id = ?""", evaluator.getString("contractId"));
    }

    RunningHub again = node.start();
    try {
      Api api2 = new Api(vertx, again);
      Future<JsonObject> completed = HubEvents.ownerEvent(again, owner.id(), event ->
        "directive_completed".equals(event.getString("eventType")));
      String status = await(api2.get(owner.apiKey(), "/api/v1/directives/" + directiveId)
        .map(found -> Api.expect(found, 200).getString("status")), "the directive");
      if (!"completed".equals(status)) {
        await(completed, "the directive to complete");
      }
      JsonArray evaluations = await(api2.get(owner.apiKey(), "/api/v1/directives/" + directiveId + "/evaluations")
        .map(Api::expectArray), "the evaluations");
      assertThat(evaluations).as("the stored verdict, once").hasSize(1);
    } finally {
      again.stop();
    }
  }

  /** Starts the directive and, given steps, has its planner submit them; returns the planner's spawn. */
  private JsonObject started(Api api, TestOwner owner, TestDaemon daemon, String directiveId, String title,
                             JsonObject... steps) {
    await(api.post(owner.apiKey(), "/api/v1/directives/" + directiveId + "/start", new JsonObject()), "start");
    JsonObject planner = await(spawned(daemon, title + " - Planner"), "the planner");
    if (steps.length > 0) {
      await(api.request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
        .putHeader("X-Tool-Key", planner.getString("toolKey"))
        .sendJsonObject(new JsonObject().put("steps", new JsonArray(List.of((Object[]) steps))))
        .map(submitted -> Api.expect(submitted, 200)), "the plan");
    }
    return planner;
  }

  private String directive(Api api, TestOwner owner, String title) {
    return await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject().put("title", title).put("goal", "g"))
      .map(created -> Api.expect(created, 201).getString("id")), "directive " + title);
  }

  /** What the first transaction of a start commits: the move to planning and the planning contract, linked. */
  private static String plannedWithoutPlanner(Connection db, TestOwner owner, String directiveId)
    throws SQLException {
    try (PreparedStatement contract = db.prepareStatement("""
      insert into contracts (owner_id, name, local_only, directive_id, is_directive_orchestrator)
      values (?, 'Cut - Planning', true, ?, true) returning id""")) {
      contract.setObject(1, owner.id());
      contract.setObject(2, UUID.fromString(directiveId));
      try (ResultSet inserted = contract.executeQuery()) {
        inserted.next();
        String contractId = inserted.getString(1);
        try (PreparedStatement planning = db.prepareStatement("""
          update directives set status = 'planning', orchestrator_contract_id = ?,
                                updated_at = now() - interval '1 minute'
          where id = ?""")) {
          planning.setObject(1, UUID.fromString(contractId));
          planning.setObject(2, UUID.fromString(directiveId));
          assertThat(planning.executeUpdate()).isEqualTo(1);
        }
        return contractId;
      }
    }
  }

  private static JsonObject step(String name) {
    return new JsonObject().put("name", name).put("taskPlan", name.toLowerCase());
  }

  private static JsonObject stepNamed(JsonObject chain, String name) {
    return chain.getJsonArray("steps").stream().map(JsonObject.class::cast)
      .filter(step -> name.equals(step.getString("name"))).findFirst().orElseThrow();
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
