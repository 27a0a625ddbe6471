package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Connections;
import io.meshhub.support.GitRepo;
import io.meshhub.support.HubEvents;
import io.meshhub.support.MeshhubProcess;
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
 * A daemon killed mid-task: the task is retried on the owner's other daemon from its last checkpoint, and the
 * killed daemon, started again on its workdir, comes back as the same daemon.
 */
class DaemonLossTest extends ProcessTest {


  @Test
  void retryElsewhereStartsFromTheCheckpointAndTheKilledDaemonKeepsItsIdentity(@TempDir Path dir) {
    TestOwner owner = newOwner();
    GitRepo repo = GitRepo.create(dir.resolve("repo"));
    Map<String, String> asOwner = asOwner(owner);
    String agent = scriptedAgent("checkpoint-agent.sh");
    Connections.Connected first = Connections.start(hub, owner, id -> true,
      () -> commandDaemon(asOwner, dir, "daemon-a", agent));
    MeshhubProcess restarted = null;
    MeshhubProcess second = null;
    try {
      Future<JsonObject> checkpointed = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskOutput".equals(event.getString("type")) && "checkpointed".equals(event.getString("content")));
      JsonObject task = Blocking.await(api.createTask(owner, Api.task("half and half")
        .put("repositoryUrl", repo.path().toString())), 30, "a task");
      UUID taskId = UUID.fromString(task.getString("id"));
      Blocking.await(checkpointed, 90, "the checkpoint; daemon log:\n" + first.process().log());

      Connections.Connected other = Connections.start(hub, owner, id -> !id.equals(first.daemonId()),
        () -> commandDaemon(asOwner, dir, "daemon-b", agent));
      second = other.process();
      Future<JsonObject> done = HubEvents.taskCompleted(hub, taskId);
      first.process().kill();

      JsonObject finished = Blocking.await(done, 90, "the retry to finish; log of b:\n" + second.log());
      assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("done");
      assertThat(finished.getString("daemonId")).isEqualTo(other.daemonId());
      assertThat(finished.getInteger("retryCount")).isEqualTo(1);
      assertThat(finished.getJsonArray("failedDaemonIds")).containsExactly(first.daemonId());
      assertThat(finished.getString("outputSummary")).contains("resumed with: first half of the work");

      // The same workdir: the daemon reads its identity there.
      restarted = Connections.start(hub, owner, id -> id.equals(first.daemonId()),
        () -> commandDaemon(asOwner, dir, "daemon-a", agent)).process();
      JsonArray daemons = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/daemons").map(Api::expectArray), 30,
        "the daemons");
      assertThat(daemons.stream().map(daemon -> ((JsonObject) daemon).getString("id")))
        .containsExactlyInAnyOrder(first.daemonId(), other.daemonId());
    } finally {
      first.process().close();
      if (second != null) {
        second.close();
      }
      if (restarted != null) {
        restarted.close();
      }
    }
  }
}
