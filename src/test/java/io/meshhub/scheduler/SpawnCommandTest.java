package io.meshhub.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an attempt's {@code spawnTask} carries, and which placements of a supervisor are restorations: first starts,
 * retries, an owner's resume with a fresh session or from a named checkpoint.
 */
class SpawnCommandTest {

  private static final JsonArray CONVERSATION = new JsonArray().add(new JsonObject().put("id", "m1"));

  @Test
  void aFirstStartResumesNothing() {
    JsonObject spawn = SpawnCommand.of(assignment(false, 0, List.of(), null, null), "key", "http://hub");
    assertThat(spawn.getBoolean("resumeSession")).isFalse();
    assertThat(spawn.getValue("conversationHistory")).isNull();
    assertThat(spawn.getValue("patchData")).isNull();
    assertThat(spawn.getString("checkpointSha")).isEqualTo("spawned-from");
  }

  @Test
  void aRetryResumesItsSessionWithTheConversationAndTheLatestPatch() {
    JsonObject spawn = SpawnCommand.of(assignment(false, 1, List.of(UUID.randomUUID()), null, null), "key",
      "http://hub");
    assertThat(spawn.getBoolean("resumeSession")).isTrue();
    assertThat(spawn.getJsonArray("conversationHistory")).isEqualTo(CONVERSATION);
    assertThat(spawn.getString("patchData")).isEqualTo("patch");
    assertThat(spawn.getString("patchBaseSha")).isEqualTo("base");
  }

  @Test
  void aFreshSessionKeepsTheCodeButNotTheConversation() {
    JsonObject fresh = new JsonObject().put("source", "manual").put("mode", "restart_phase");
    JsonObject spawn = SpawnCommand.of(assignment(true, 1, List.of(), fresh, null), "key", "http://hub");
    assertThat(spawn.getBoolean("resumeSession")).isFalse();
    assertThat(spawn.getValue("conversationHistory")).isNull();
    assertThat(spawn.getString("patchData")).isEqualTo("patch");
  }

  @Test
  void aRestoreFromACheckpointNamesItsCommit() {
    JsonObject named = new JsonObject().put("source", "manual").put("mode", "from_checkpoint").put("checkpointId", UUID.randomUUID().toString());
    JsonObject spawn = SpawnCommand.of(assignment(true, 1, List.of(), named, "c1"), "key", "http://hub");
    assertThat(spawn.getBoolean("resumeSession")).isTrue();
    assertThat(spawn.getString("checkpointSha")).isEqualTo("c1");
  }

  @Test
  void onlyASupervisorThatRanBeforeIsRestored() {
    JsonObject manual = new JsonObject().put("source", "manual");
    assertThat(assignment(false, 1, List.of(UUID.randomUUID()), null, null).restoration()).isEmpty();
    assertThat(assignment(true, 0, List.of(), null, null).restoration()).isEmpty();
    assertThat(assignment(true, 1, List.of(UUID.randomUUID()), null, null).restoration())
      .isEqualTo(Optional.of(RestorationSource.DAEMON_RESTART));
    assertThat(assignment(true, 1, List.of(), null, null).restoration())
      .isEqualTo(Optional.of(RestorationSource.TASK_REASSIGNMENT));
    assertThat(assignment(true, 1, List.of(), manual, null).restoration())
      .isEqualTo(Optional.of(RestorationSource.MANUAL));
  }

  private static Assignment assignment(boolean supervisor, int retryCount, List<UUID> lostBy,
                                                          JsonObject resumeRequest, String restoreSha) {
    Task task = new Task(UUID.randomUUID(), UUID.randomUUID(), "t", "plan", TaskStatus.STARTING, 0, 2,
      UUID.randomUUID(), null, null, null, null, 0, supervisor, false, null, null, null, retryCount, 3, lostBy, null,
      null, "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", null, null);
    return new Assignment(task, "patch", "base", CONVERSATION, null, "spawned-from",
      DispatchRepository.ContractFlags.NONE, resumeRequest, restoreSha);
  }
}
