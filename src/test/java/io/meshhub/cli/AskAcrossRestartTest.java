package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.HubEvents;
import io.meshhub.support.MeshhubProcess;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * An agent blocked on {@code meshhub ask --phaseguard} while its hub restarts: the daemon reconnects by itself and
 * keeps the agent running, the agent's command keeps waiting, and the owner's {@code meshhub answer} after the
 * restart reaches it.
 */
class AskAcrossRestartTest extends ClientTest {


  @Test
  void phaseguardAskIsAnsweredAfterTheHubRestartsUnderItsDaemon(@TempDir Path dir) {
    // Daemons get long enough to come back after the restart for their tasks to stay theirs.
    TestHub.OwnHub node = TestHub.OwnHub.create().with(Map.of("http.port", TestHub.OwnHub.freePort(),
      "daemons.timeoutMs", "20000"));
    RunningHub first = node.start();
    RunningHub second = null;
    Api api = new Api(vertx, first);
    TestOwner owner = Blocking.await(api.newOwner(), 30, "an owner");
    Map<String, String> asOwner = Map.of("MESHHUB_URL", "http://127.0.0.1:" + first.port(),
      "MESHHUB_API_KEY", owner.apiKey());
    Path agent = Path.of("src/test/resources/agents/ask-agent.sh").toAbsolutePath();
    try (MeshhubProcess daemon = MeshhubProcess.daemon(asOwner, dir.resolve("daemon.log"), "--workdir",
      dir.resolve("daemon").toString(), "--agent", "command", "--agent-command", "sh " + agent)) {
      Future<JsonObject> asked = HubEvents.ownerEvent(first, owner.id(),
        event -> "questionAsked".equals(event.getString("type")));
      String contractId = Blocking.await(api.createContract(owner, "go-ahead"), 30, "a contract");
      JsonObject task = Blocking.await(api.createTask(owner, Api.task("careful work").put("contractId", contractId)),
        30, "a task");
      UUID taskId = UUID.fromString(task.getString("id"));
      Blocking.await(asked, 60, "the agent's question; daemon log:\n" + daemon.log());
      String daemonId = onlyDaemon(api, owner).getString("id");

      first.stop();
      second = node.start();
      Api again = new Api(vertx, second);
      awaitConnected(second, again, owner, daemonId, daemon);
      JsonObject stillRunning = Blocking.await(again.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId)
        .map(response -> Api.expect(response, 200)), 30, "the task");
      assertThat(stillRunning.getString("status")).isEqualTo("running");
      assertThat(stillRunning.getString("daemonId")).isEqualTo(daemonId);

      MeshhubProcess.Result questions = MeshhubProcess.run(asOwner, "questions", "--json");
      assertThat(questions.exitCode()).as(questions.stderr()).isZero();
      JsonArray pending = new JsonArray(questions.stdout());
      assertThat(pending).as("pending questions; task events %s", Blocking.await(again.get(owner.apiKey(),
        "/api/v1/mesh/tasks/" + taskId + "/events").map(Api::expectArray), 30, "events").encodePrettily()).hasSize(1);
      JsonObject question = pending.getJsonObject(0);
      assertThat(question.getString("question")).isEqualTo("Proceed?");
      assertThat(question.getJsonArray("choices")).containsExactly("yes", "no");

      Future<JsonObject> done = HubEvents.taskCompleted(second, taskId);
      MeshhubProcess.Result answered = MeshhubProcess.run(asOwner, "answer", question.getString("questionId"), "yes");
      assertThat(answered.exitCode()).as(answered.stderr()).isZero();
      JsonObject finished = Blocking.await(done, 90, "the agent to finish; daemon log:\n" + daemon.log());
      assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("done");
      assertThat(finished.getString("daemonId")).isEqualTo(daemonId);
      assertThat(finished.getString("outputSummary")).contains("owner said: yes");
      assertThat(onlyDaemon(again, owner).getString("id")).isEqualTo(daemonId);
    } finally {
      (second != null ? second : first).stop();
    }
  }

  private static JsonObject onlyDaemon(Api api, TestOwner owner) {
    JsonArray daemons = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/daemons").map(Api::expectArray), 30,
      "the daemons");
    assertThat(daemons).hasSize(1);
    return daemons.getJsonObject(0);
  }

  /** The daemon registers again by itself: heard as it happens, or seen already done. */
  private static void awaitConnected(RunningHub hub, Api api, TestOwner owner, String daemonId,
                                     MeshhubProcess daemon) {
    Future<JsonObject> reconnected = HubEvents.ownerEvent(hub, owner.id(), event ->
      "daemonUpdated".equals(event.getString("type")) && daemonId.equals(event.getString("id"))
        && "connected".equals(event.getString("status")));
    JsonObject now = onlyDaemon(api, owner);
    if (!"connected".equals(now.getString("status"))) {
      Blocking.await(reconnected, 60, "the daemon to reconnect; its log:\n" + daemon.log());
    }
  }
}
