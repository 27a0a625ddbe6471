package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Connections;
import io.meshhub.support.GitRepo;
import io.meshhub.support.HubEvents;
import io.meshhub.support.ProcessTest;
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
 * A supervisor's daemon is killed (SIGKILL) while its question waits for the owner. The scheduler retries the
 * supervisor on the owner's other reference daemon, from its checkpoint, and the hub restores it there: the agent
 * finds the restoration notice in its inbox, the owner sees the question again, and it is still answerable.
 */
class SupervisorRestorationEndToEndTest extends ProcessTest {

  @Test
  void aSupervisorWhoseDaemonWasKilledIsRestoredOnTheOtherDaemon(@TempDir Path dir) {
    TestOwner owner = newOwner();
    GitRepo repo = GitRepo.create(dir.resolve("repo"));
    Map<String, String> asOwner = asOwner(owner);
    String agent = scriptedAgent("restored-supervisor-agent.sh");
    Connections.Connected first = Connections.start(hub, owner, id -> true,
      () -> commandDaemon(asOwner, dir, "daemon-a", agent));
    Connections.Connected second = null;
    try {
      Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskOutput".equals(event.getString("type")) && "asked the owner".equals(event.getString("content")));
      JsonObject contract = Api.expect(Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
        .put("name", "restored").put("supervisorPlan", "lead the work")
        .put("repositories", new JsonArray().add(new JsonObject().put("name", "app")
          .put("repositoryUrl", repo.path().toString()).put("isPrimary", true)))), 30, "the contract"), 201);
      String supervisorId = contract.getString("supervisorTaskId");
      Blocking.await(asked, 90, "the question; log of a:\n" + first.process().log());

      second = Connections.start(hub, owner, id -> !id.equals(first.daemonId()),
        () -> commandDaemon(asOwner, dir, "daemon-b", agent));
      Future<JsonObject> redelivered = HubEvents.ownerEvent(hub, owner.id(), event ->
        "questionAsked".equals(event.getString("type")) && event.getBoolean("isRestored", false));
      Future<JsonObject> noticed = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskOutput".equals(event.getString("type")) && supervisorId.equals(event.getString("taskId"))
          && event.getString("content", "").contains("Restoration count"));
      first.process().kill();

      JsonObject question = Blocking.await(redelivered, 90, "the re-delivered question; log of b:\n"
        + second.process().log());
      assertThat(question.getString("question")).isEqualTo("Deploy now?");
      assertThat(question.getString("originallyAskedAt")).isNotNull();
      assertThat(Blocking.await(noticed, 90, "the notice in the agent's inbox; log of b:\n" + second.process().log())
        .getString("content")).contains("Restoration count: 1");

      JsonObject answered = Api.expect(Blocking.await(api.post(owner.apiKey(), "/api/v1/mesh/questions/"
        + question.getString("questionId") + "/answer", new JsonObject().put("response", "yes")), 30, "the answer"),
        200);
      assertThat(answered.getBoolean("success")).isTrue();
      JsonObject state = Api.expect(Blocking.await(api.get(owner.apiKey(), "/api/v1/contracts/"
        + contract.getString("id") + "/supervisor/state"), 30, "the state"), 200);
      assertThat(state.getInteger("restorationCount")).isEqualTo(1);
      assertThat(state.getString("restorationSource")).isEqualTo("daemon_restart");
      assertThat(UUID.fromString(state.getString("taskId"))).isEqualTo(UUID.fromString(supervisorId));
    } finally {
      first.process().close();
      if (second != null) {
        second.process().close();
      }
    }
  }
}
