package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.MeshhubProcess;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

/** The command line's contract with scripts: what it prints and how it exits. */
class CommandLineTest extends ProcessTest {

  private static TestOwner owner;
  private static Map<String, String> asOwner;

  @BeforeAll
  static void owner() {
    owner = newOwner();
    asOwner = asOwner(owner);
  }

  @Test
  void anErrorOfTheHubIsPrintedAsItsApiErrorWithExitOne() {
    MeshhubProcess.Result missing = MeshhubProcess.run(asOwner, "tasks", "show", UUID.randomUUID().toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout()).isEmpty();
    assertThat(missing.stderr()).startsWith("error: NOT_FOUND: ");

    MeshhubProcess.Result badId = MeshhubProcess.run(asOwner, "tasks", "cancel", "../owners");
    assertThat(badId.exitCode()).isEqualTo(1);
    assertThat(badId.stderr()).startsWith("error: VALIDATION_ERROR: ");
  }

  @Test
  void usageErrorsExitTwoAndAnUnreachableHubExitsThree() {
    MeshhubProcess.Result noKey = MeshhubProcess.run(Map.of("MESHHUB_URL", "http://127.0.0.1:" + hub.port()),
      "daemons");
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.stderr()).contains("API key");
    MeshhubProcess.Result unknownOption = MeshhubProcess.run(asOwner, "daemons", "--colour");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    MeshhubProcess.Result away = MeshhubProcess.run(Map.of("MESHHUB_API_KEY", owner.apiKey()), "--hub",
      "http://127.0.0.1:1", "daemons");
    assertThat(away.exitCode()).as(away.stderr()).isEqualTo(2);
    MeshhubProcess.Result unreachable = MeshhubProcess.run(Map.of("MESHHUB_API_KEY", owner.apiKey()), "daemons",
      "--hub", "http://127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(3);
    assertThat(unreachable.stderr()).startsWith("error: cannot reach the hub at http://127.0.0.1:1");
  }

  @Test
  void tasksCreatedAndListedPrintIdsAndTablesOrTheHubsJson() {
    MeshhubProcess.Result created = MeshhubProcess.run(asOwner, "tasks", "create", "listed", "--plan", "p",
      "--priority", "3");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    String taskId = created.stdout().strip();
    MeshhubProcess.Result asJson = MeshhubProcess.run(asOwner, "tasks", "show", taskId, "--json");
    JsonObject task = new JsonObject(asJson.stdout());
    assertThat(task.getString("id")).isEqualTo(taskId);
    assertThat(task.getInteger("priority")).isEqualTo(3);
    MeshhubProcess.Result table = MeshhubProcess.run(asOwner, "tasks", "list");
    assertThat(table.stdout().lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
      .startsWith("id").contains("status").contains("name"));
    assertThat(table.stdout()).contains(taskId).contains("pending");
    assertThat(MeshhubProcess.run(asOwner, "tasks").stdout()).as("an owner's plain `meshhub tasks`").contains(taskId);
    MeshhubProcess.Result pause = MeshhubProcess.run(asOwner, "tasks", "pause", taskId);
    assertThat(pause.exitCode()).isEqualTo(1);
    assertThat(pause.stderr()).startsWith("error: NO_DAEMON: task is pending");
  }

  @Test
  void anAskThatTimesOutExitsFour() {
    // An owner of its own, whose only task is the asker.
    TestOwner owner = newOwner();
    String contractId = Blocking.await(api.createContract(owner, "asking"), 30, "a contract");
    TestDaemon daemon = Blocking.await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1), 30, "a daemon");
    daemon.startHeartbeats(300);
    try {
      JsonObject task = Blocking.await(api.createTask(owner, Api.task("asker").put("contractId", contractId)), 30,
        "a task");
      JsonObject spawn = Blocking.await(daemon.await("spawnTask", UUID.fromString(task.getString("id"))), 30,
        "the spawn");
      Map<String, String> asAgent = Map.of("MESHHUB_URL", "http://127.0.0.1:" + hub.port(),
        "MESHHUB_TOOL_KEY", spawn.getString("toolKey"));
      MeshhubProcess.Result asked = MeshhubProcess.run(asAgent, "ask", "Anyone there?", "--timeout", "1", "--json");
      assertThat(asked.exitCode()).as(asked.stderr()).isEqualTo(4);
      assertThat(new JsonObject(asked.stdout()).getBoolean("timedOut")).isTrue();
      JsonArray pending = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/questions").map(Api::expectArray),
        30, "the pending questions");
      assertThat(pending).isEmpty();
    } finally {
      Blocking.await(daemon.kill(), 30, "the daemon to go");
    }
  }

  @Test
  void aRedTeamMonitorNotifiesTheSupervisorFromTheCommandLine() {
    TestOwner owner = newOwner();
    TestDaemon daemon = Blocking.await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 4), 30, "a daemon");
    try {
      JsonObject contract = Api.expect(Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
        .put("name", "watched").put("redTeamEnabled", true).put("supervisorPlan", "lead")), 30, "a contract"), 201);
      UUID supervisorId = UUID.fromString(contract.getString("supervisorTaskId"));
      Blocking.await(daemon.await("spawnTask", supervisorId), 30, "the supervisor's spawn");
      Blocking.await(api.createTask(owner, Api.task("work").put("contractId", contract.getString("id"))), 30,
        "a work task");
      JsonObject monitor = Blocking.await(daemon.await(frame -> "spawnTask".equals(frame.getString("type"))
        && "Red Team Monitor".equals(frame.getString("taskName"))), 30, "the monitor's spawn");
      Map<String, String> asMonitor = Map.of("MESHHUB_URL", "http://127.0.0.1:" + hub.port(),
        "MESHHUB_TOOL_KEY", monitor.getString("toolKey"));

      MeshhubProcess.Result notified = MeshhubProcess.run(asMonitor, "redteam-notify", "no tests for the parser",
        "--severity", "medium", "--file", "src/Parser.java");
      assertThat(notified.exitCode()).as(notified.stderr()).isZero();
      assertThat(notified.stdout()).contains("sent to the supervisor");
      JsonObject message = Blocking.await(daemon.await("sendMessage", supervisorId), 30, "the supervisor's message");
      assertThat(message.getString("message")).contains("[Red Team · MEDIUM] no tests for the parser",
        "File: src/Parser.java");

      MeshhubProcess.Result badSeverity = MeshhubProcess.run(asMonitor, "redteam-notify", "x", "--severity", "dire");
      assertThat(badSeverity.exitCode()).isEqualTo(1);
      assertThat(badSeverity.stderr()).contains("error: VALIDATION_ERROR", "severity");
    } finally {
      Blocking.await(daemon.kill(), 30, "the daemon to go");
    }
  }

  @Test
  void anOwnerReadsTheSupervisorsStateAndIsToldWhyItCannotResume() {
    TestOwner owner = newOwner();
    Map<String, String> asThisOwner = asOwner(owner);
    String contractId = Api.expect(Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
      .put("name", "unplaced").put("supervisorPlan", "lead")), 30, "a contract"), 201).getString("id");

    MeshhubProcess.Result state = MeshhubProcess.run(asThisOwner, "contracts", "state", contractId);
    assertThat(state.exitCode()).as(state.stderr()).isZero();
    assertThat(state.stdout()).contains("initializing (plan)", "restored 0 times");
    MeshhubProcess.Result noDaemon = MeshhubProcess.run(asThisOwner, "contracts", "resume", contractId);
    assertThat(noDaemon.exitCode()).isEqualTo(1);
    assertThat(noDaemon.stderr()).contains("error: NO_DAEMON");
    MeshhubProcess.Result badMode = MeshhubProcess.run(asThisOwner, "contracts", "resume", contractId, "--mode",
      "sideways");
    assertThat(badMode.exitCode()).isEqualTo(1);
    assertThat(badMode.stderr()).contains("error: INVALID_RESUME_MODE", "restart_phase");
  }
}
