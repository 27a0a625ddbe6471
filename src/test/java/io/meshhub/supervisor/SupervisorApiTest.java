package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents;
import io.meshhub.support.LeavingClient;
import io.meshhub.support.LogCapture;
import io.meshhub.support.OwnerTest;
import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

/** A supervisor task orchestrates its contract: spawns tasks into the normal queue and waits for them. */
class SupervisorApiTest extends OwnerTest {

  @Test
  void spawnedTasksQueueForSlotsAndWaitReturnsWhenEachEnds(Vertx vertx, VertxTestContext test) {
    supervised(vertx, 2).compose(s -> spawn(s, "first").compose(first -> spawn(s, "second").compose(second -> {
      UUID firstId = UUID.fromString(expect(first, 201).getString("id"));
      UUID secondId = UUID.fromString(expect(second, 201).getString("id"));
      return s.daemon().await("spawnTask", firstId)
        .map(check(spawn -> {
          assertThat(spawn.getString("repoUrl")).isEqualTo("https://example.org/app.git");
          assertThat(spawn.getString("supervisorWorktreeTaskId")).isEqualTo(s.supervisorId().toString());
          assertThat(spawn.getString("parentTaskId")).isEqualTo(s.supervisorId().toString());
          assertThat(s.daemon().unclaimed("spawnTask")).as("one slot was free").isEmpty();
        }))
        .compose(spawn -> {
          Future<HttpResponse<Buffer>> waiting = waitFor(s, firstId, 30);
          s.daemon().complete(firstId, true, "first done");
          return waiting;
        })
        .map(check(waited -> {
          JsonObject result = expect(waited, 200);
          assertThat(result.getBoolean("completed")).isTrue();
          assertThat(result.getString("status")).isEqualTo("done");
          assertThat(result.getString("outputSummary")).isEqualTo("first done");
        }))
        .compose(waited -> s.daemon().await("spawnTask", secondId))
        .compose(spawn -> waitFor(s, secondId, 1))
        .map(check(waited -> {
          JsonObject result = expect(waited, 200);
          assertThat(result.getBoolean("completed")).isFalse();
          assertThat(result.getString("status")).isEqualTo("starting");
        }))
        .compose(waited -> supervisorGet(s, "/api/v1/mesh/supervisor/contracts/" + s.contractId() + "/tree"))
        .map(check(tree -> {
          JsonObject body = expect(tree, 200);
          assertThat(body.getInteger("totalCount")).isEqualTo(3);
          assertThat(body.getString("supervisorTaskId")).isEqualTo(s.supervisorId().toString());
          JsonObject root = body.getJsonArray("tasks").getJsonObject(0);
          assertThat(root.getString("id")).isEqualTo(s.supervisorId().toString());
          assertThat(root.getJsonArray("children")).hasSize(2);
        }));
    })).eventually(s.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void spawnWithoutAnyRepositoryIsRefused(Vertx vertx, VertxTestContext test) {
    api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject().put("name", "no repo").put("supervisorPlan", "p"))
      .map(response -> expect(response, 201))
      .compose(contract -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
        daemon.await("spawnTask", UUID.fromString(contract.getString("supervisorTaskId")))
          .compose(spawn -> api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks")
            .putHeader("X-Tool-Key", spawn.getString("toolKey"))
            .sendJsonObject(task("orphan").put("contractId", contract.getString("id"))))
          .map(check(refused -> assertThat(expect(refused, 400).getString("code")).isEqualTo("MISSING_REPO_URL")))
          .eventually(daemon::kill)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void workersMayNotOrchestrateAndSupervisorsOnlyTheirOwnContract(Vertx vertx, VertxTestContext test) {
    supervised(vertx, 3).compose(s -> api.createContract(owner, "other").compose(otherContract ->
      Agents.start(vertx, hub, api, owner, task("worker").put("contractId", s.contractId())).compose(worker ->
        Future.all(
            api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks").putHeader("X-Tool-Key", worker.toolKey())
              .sendJsonObject(task("nope").put("contractId", s.contractId())),
            supervisorGet(s, "/api/v1/mesh/supervisor/contracts/" + otherContract + "/tasks"),
            spawnInto(s, otherContract))
          .map(check(all -> {
            assertThat(expect(all.resultAt(0), 403).getString("code")).isEqualTo("NOT_SUPERVISOR");
            assertThat(expect(all.resultAt(1), 403).getString("code")).isEqualTo("CONTRACT_MISMATCH");
            assertThat(expect(all.resultAt(2), 403).getString("code")).isEqualTo("CONTRACT_MISMATCH");
          }))
          .eventually(worker.daemon()::kill)))
      .eventually(s.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aWaitWhoseClientLeavesEndsAtOnceWithItsTimer(Vertx vertx, VertxTestContext test) {
    LogCapture logs = new LogCapture();
    supervised(vertx, 1).compose(s -> spawn(s, "long").compose(spawned -> {
      UUID taskId = UUID.fromString(expect(spawned, 201).getString("id"));
      Future<String> waiting = logs.await(line -> line.contains("ms for task " + taskId + " to end"));
      Future<String> waitEnded = logs.await(line -> line.contains("The client waiting for task " + taskId + " left"));
      return LeavingClient.send(vertx, hub.port(), HttpMethod.POST, "/api/v1/mesh/supervisor/tasks/" + taskId + "/wait",
          Map.of("X-Tool-Key", s.toolKey()), new JsonObject().put("timeoutSeconds", 600))
        .compose(client -> waiting.compose(started -> client.leave()))
        .compose(left -> waitEnded)
        .compose(ended -> waitFor(s, taskId, 1))
        .map(check(waited -> assertThat(expect(waited, 200).getBoolean("completed")).isFalse()));
    }).eventually(s.daemon()::kill)).eventually(() -> {
      logs.close();
      return Future.succeededFuture();
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherOwnersSupervisorGetsNotFound(Vertx vertx, VertxTestContext test) {
    supervised(vertx, 1).compose(mine -> api.newOwner().compose(stranger -> api.createContract(stranger, "theirs")
      .compose(theirs -> Future.all(
        supervisorGet(mine, "/api/v1/mesh/supervisor/contracts/" + theirs + "/tasks"),
        api.get(stranger.apiKey(), "/api/v1/mesh/tasks/" + mine.supervisorId() + "/checkpoints"),
        api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks/" + mine.supervisorId() + "/wait")
          .bearerTokenAuthentication(stranger.apiKey()).sendJsonObject(new JsonObject())))
      .map(check(all -> {
        assertThat(expect(all.resultAt(0), 404).getString("code")).isEqualTo("NOT_FOUND");
        assertThat(expect(all.resultAt(1), 404).getString("code")).isEqualTo("NOT_FOUND");
        assertThat(all.<HttpResponse<Buffer>>resultAt(2).statusCode()).isEqualTo(401);
      }))).eventually(mine.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  private Future<Supervised> supervised(Vertx vertx, int slots) {
    return Supervisors.start(vertx, hub, api, owner, slots);
  }

  private Future<HttpResponse<Buffer>> spawn(Supervised s, String name) {
    return Supervisors.spawn(api, s, name);
  }

  private Future<HttpResponse<Buffer>> spawnInto(Supervised s, String contractId) {
    return api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks").putHeader("X-Tool-Key", s.toolKey())
      .sendJsonObject(task("probe").put("contractId", contractId).put("repositoryUrl", "https://example.org/x.git"));
  }

  private Future<HttpResponse<Buffer>> waitFor(Supervised s, UUID taskId, int seconds) {
    return api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks/" + taskId + "/wait")
      .putHeader("X-Tool-Key", s.toolKey()).sendJsonObject(new JsonObject().put("timeoutSeconds", seconds));
  }

  private Future<HttpResponse<Buffer>> supervisorGet(Supervised s, String path) {
    return api.request(HttpMethod.GET, path).putHeader("X-Tool-Key", s.toolKey()).send();
  }
}
