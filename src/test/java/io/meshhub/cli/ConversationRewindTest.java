package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Connections;
import io.meshhub.support.GitRepo;
import io.meshhub.support.HubEvents;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A conversation rewind with {@code rewindCode} takes the reference daemon's worktree of the supervisor really back
 * to the checkpoint taken before the first removed message.
 */
class ConversationRewindTest extends ProcessTest {

  @Test
  void rewindingTheConversationTakesTheSupervisorsWorktreeBackToItsCheckpoint(@TempDir Path dir) throws Exception {
    TestOwner owner = newOwner();
    GitRepo repo = GitRepo.create(dir.resolve("repo"));
    Connections.Connected daemon = Connections.start(hub, owner, id -> true,
      () -> commandDaemon(asOwner(owner), dir, "daemon", scriptedAgent("rewind-agent.sh")));
    try {
      Future<JsonObject> movedOn = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskOutput".equals(event.getString("type")) && "moved on".equals(event.getString("content")));
      JsonObject contract = Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
        .put("name", "rewound").put("supervisorPlan", "work, then be rewound")
        .put("repositories", new JsonArray().add(new JsonObject().put("name", "app")
          .put("repositoryUrl", repo.path().toString()).put("isPrimary", true))))
        .map(response -> Api.expect(response, 201)), 30, "the contract");
      UUID supervisorId = UUID.fromString(contract.getString("supervisorTaskId"));
      Blocking.await(movedOn, 90, "the agent's two pieces of work; daemon log:\n" + daemon.process().log());
      String checkpoint = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + supervisorId
        + "/checkpoints").map(response -> Api.expect(response, 200)), 30, "the checkpoints")
        .getJsonArray("checkpoints").getJsonObject(0).getString("commitSha");
      Path worktree = dir.resolve("daemon/worktrees").resolve(supervisorId.toString());
      assertThat(new GitRepo(worktree).git("rev-parse", "HEAD").trim()).isNotEqualTo(checkpoint);

      // The command agent reports no conversation; the one a coding agent would have reported is written as the
      // conversation save point writes it: one message before the checkpoint, one after.
      Instant now = Instant.now();
      savedConversation(UUID.fromString(contract.getString("id")), new JsonArray()
        .add(new JsonObject().put("id", "m1").put("timestamp", now.minus(1, ChronoUnit.HOURS).toString()))
        .add(new JsonObject().put("id", "m2").put("timestamp", now.plus(1, ChronoUnit.HOURS).toString())));

      JsonObject rewound = Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts/" + contract.getString("id")
        + "/supervisor/conversation/rewind", new JsonObject().put("rewindCode", true))
        .map(response -> Api.expect(response, 200)), 60, "the rewind; daemon log:\n" + daemon.process().log());
      assertThat(rewound.getInteger("messagesRemoved")).isEqualTo(1);
      assertThat(rewound.getBoolean("codeRewound")).as(daemon.process().log()).isTrue();
      assertThat(new GitRepo(worktree).git("rev-parse", "HEAD").trim()).isEqualTo(checkpoint);
      assertThat(Files.readString(worktree.resolve("notes.txt")).trim()).isEqualTo("first");
    } finally {
      daemon.process().close();
    }
  }

  private static void savedConversation(UUID contractId, JsonArray messages) throws Exception {
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(TestDatabase.url()));
         PreparedStatement update = db.prepareStatement(
           "update supervisor_states set conversation_history = ?::jsonb where contract_id = ?")) {
      update.setString(1, messages.encode());
      update.setObject(2, contractId);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
