package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A supervisor agent orchestrating with the command line: it spawns a worker into its shared worktree, waits for
 * it, reads its file and diff through the hub, and merges its work into {@code main} of the daemon's clone.
 */
class SupervisorEndToEndTest extends ProcessTest {

  @Test
  void aSupervisorSpawnsWaitsReadsAndMergesItsWorkersWork(@TempDir Path dir) throws IOException {
    TestOwner owner = newOwner();
    GitRepo repo = GitRepo.create(dir.resolve("repo"));
    JsonObject contract = new JsonObject().put("name", "orchestrated").put("supervisorPlan", "lead the work")
      .put("repositories", new JsonArray().add(new JsonObject().put("name", "app")
        .put("repositoryUrl", repo.path().toString()).put("isPrimary", true)));
    try (MeshhubProcess daemon = MeshhubProcess.daemon(asOwner(owner), dir.resolve("daemon.log"), "--workdir",
      dir.resolve("daemon").toString(), "--max-tasks", "2", "--agent", "command", "--agent-command",
      scriptedAgent("supervisor-agent.sh"))) {
      JsonObject created = Blocking.await(api.post(owner.apiKey(), "/api/v1/contracts", contract)
        .map(response -> Api.expect(response, 201)), 30, "the contract");
      UUID supervisorId = UUID.fromString(created.getString("supervisorTaskId"));
      Future<JsonObject> done = HubEvents.taskCompleted(hub, supervisorId);
      JsonObject supervisor = Blocking.await(done, 120, "the supervisor; daemon log:\n" + daemon.log());

      assertThat(supervisor.getString("status")).as(supervisor.encodePrettily()).isEqualTo("done");
      String summary = supervisor.getString("outputSummary");
      assertThat(summary).contains("read: written by the worker").contains("diff shows the work")
        .containsPattern("merged as [0-9a-f]{40}").contains("writer");
      JsonArray tasks = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/tasks?contractId="
        + created.getString("id")).map(Api::expectArray), 30, "the contract's tasks");
      JsonObject worker = tasks.stream().map(JsonObject.class::cast)
        .filter(task -> !supervisorId.toString().equals(task.getString("id"))).findFirst().orElseThrow();
      assertThat(worker.getString("status")).isEqualTo("merged");
      assertThat(worker.getString("parentTaskId")).isEqualTo(supervisorId.toString());

      Path clone;
      try (var clones = Files.list(dir.resolve("daemon/repos"))) {
        clone = clones.findFirst().orElseThrow();
      }
      assertThat(new GitRepo(clone).git("log", "--format=%s", "main")).contains("Worker's file");
    }
  }
}
