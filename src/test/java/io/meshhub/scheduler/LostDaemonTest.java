package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.daemons.DaemonsAddresses;
import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.UUID;

/** A daemon that dies or falls silent loses its tasks to the owner's other daemons, never back to itself. */
class LostDaemonTest extends OwnerTest {

  private static final String PATCH = "ZGlmZiAtLWdpdCBhL2ZpbGUgYi9maWxlCg==";

  @Test
  void killedDaemonsTaskResumesElsewhereFromItsCheckpointUntilRetriesRunOut(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(first ->
      api.createTask(owner, task("survivor").put("maxRetries", 1)).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return first.await("spawnTask", taskId)
          .compose(firstSpawn -> checkpointed(first, taskId).map(firstSpawn.getString("toolKey")))
          .compose(firstKey -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(second ->
            first.kill()
              .compose(killed -> second.await("spawnTask", taskId))
              .map(check(retry -> {
                assertThat(retry.getBoolean("resumeSession")).isTrue();
                assertThat(retry.getString("patchData")).isEqualTo(PATCH);
                assertThat(retry.getString("patchBaseSha")).isEqualTo("base-sha");
                assertThat(retry.getJsonArray("conversationHistory")).isEqualTo(new JsonArray().add("hello"));
                assertThat(retry.getString("toolKey")).isNotEqualTo(firstKey);
              }))
              .compose(retry -> Future.all(me(retry.getString("toolKey")), me(firstKey), taskOf(taskId)))
              .map(check(all -> {
                assertThat(expect(all.resultAt(0), 200).getString("taskId")).isEqualTo(taskId.toString());
                assertThat(expect(all.resultAt(1), 401).getString("code")).isEqualTo("UNAUTHORIZED");
                JsonObject moved = expect(all.resultAt(2), 200);
                assertThat(moved.getString("daemonId")).isEqualTo(second.daemonId().toString());
                assertThat(moved.getInteger("retryCount")).isEqualTo(1);
                assertThat(moved.getJsonArray("failedDaemonIds")).containsExactly(first.daemonId().toString());
              }))
              .compose(moved -> failsWhenSecondIsLostToo(vertx, second, taskId))));
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<Void> failsWhenSecondIsLostToo(Vertx vertx, TestDaemon second, UUID taskId) {
    Future<JsonObject> failed = HubEvents.taskCompleted(hub, taskId);
    return TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(third -> second.kill()
      .compose(killed -> failed)
      .map(check(task -> {
        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getInteger("retryCount")).isEqualTo(2);
        assertThat(task.getString("errorMessage")).contains("lost").contains("maxRetries is 1");
        assertThat(third.unclaimed("spawnTask")).isEmpty();
      }))
      .eventually(third::kill))
      .mapEmpty();
  }

  @Test
  void silentDaemonIsLostLikeAClosedOne(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(silent ->
      api.createTask(owner, task("waits-for-silence")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return silent.await("spawnTask", taskId)
          .compose(spawn -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
          .compose(other -> {
            silent.stopHeartbeats();
            return silent.closed()
              .compose(closedByHub -> other.await("spawnTask", taskId))
              .map(check(retry -> assertThat(retry.getBoolean("resumeSession")).isTrue()))
              .eventually(other::kill);
          });
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void zombieDaemonReportingOnAMovedTaskGetsNotAssignedAndChangesNothing(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(zombie ->
      api.createTask(owner, task("moved")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return zombie.await("spawnTask", taskId)
          .compose(spawn -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
          .compose(heir -> zombie.kill()
            .compose(killed -> heir.await("spawnTask", taskId))
            .compose(moved -> taskOf(taskId).map(response -> expect(response, 200)))
            .compose(before -> {
              JsonObject register = TestDaemon.register(owner.apiKey(), 1)
                .put("daemonId", zombie.daemonId().toString())
                .put("runningTaskIds", new JsonArray().add(taskId.toString()));
              return TestDaemon.connect(vertx, hub.port(), register).compose(back -> {
                assertThat(back.daemonId()).isEqualTo(zombie.daemonId());
                return back.await("interruptTask", taskId)
                  .compose(told -> {
                    back.reportRunning(taskId);
                    return back.await("error");
                  })
                  .map(check(error -> {
                    assertThat(error.getString("code")).isEqualTo("NOT_ASSIGNED");
                    assertThat(error.getString("taskId")).isEqualTo(taskId.toString());
                  }))
                  .compose(error -> {
                    back.complete(taskId, true, "stolen");
                    return back.await("error");
                  })
                  .map(check(error -> assertThat(error.getString("code")).isEqualTo("NOT_ASSIGNED")))
                  .compose(error -> taskOf(taskId))
                  .map(check(after -> {
                    JsonObject unchanged = expect(after, 200);
                    assertThat(unchanged.getString("status")).isEqualTo(before.getString("status"));
                    assertThat(unchanged.getInteger("version")).isEqualTo(before.getInteger("version"));
                    assertThat(unchanged.getString("daemonId")).isEqualTo(heir.daemonId().toString());
                    assertThat(unchanged.getString("outputSummary")).isNull();
                  }))
                  .eventually(back::kill);
              });
            })
            .eventually(heir::kill));
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aLossHeardAfterTheDaemonCameBackTakesNoneOfItsTasks(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("kept")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return daemon.await("spawnTask", taskId)
          .compose(spawn -> {
            Future<JsonObject> running = HubEvents.ownerEvent(hub, owner.id(), event ->
              "taskUpdated".equals(event.getString("type")) && "running".equals(event.getString("status")));
            daemon.reportRunning(taskId);
            return running;
          })
          // The loss of an earlier session, heard only now: the daemon is connected again meanwhile.
          .compose(running -> hub.vertx().eventBus().<JsonObject>request(DaemonsAddresses.LOST,
            new JsonObject().put("daemonId", daemon.daemonId().toString())
              .put("sessionId", UUID.randomUUID().toString()).put("reason", "an old session")))
          .compose(heard -> taskOf(taskId))
          .map(check(task -> {
            JsonObject kept = expect(task, 200);
            assertThat(kept.getString("status")).isEqualTo("running");
            assertThat(kept.getString("daemonId")).isEqualTo(daemon.daemonId().toString());
            assertThat(kept.getJsonArray("failedDaemonIds")).isEmpty();
          }));
      }).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void daemonReconnectingWithoutItsTaskLosesItToAnotherDaemon(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(forgetful ->
      api.createTask(owner, task("forgotten")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return forgetful.await("spawnTask", taskId)
          .compose(spawn -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
          .compose(other -> {
            JsonObject again = TestDaemon.register(owner.apiKey(), 1).put("daemonId",
              forgetful.daemonId().toString());
            return TestDaemon.connect(vertx, hub.port(), again)
              .compose(restarted -> forgetful.await("error")
                .map(check(error -> assertThat(error.getString("code")).isEqualTo("SUPERSEDED")))
                .compose(superseded -> forgetful.closed())
                .compose(closed -> other.await("spawnTask", taskId))
                .map(check(retry -> assertThat(retry.getBoolean("resumeSession")).isTrue()))
                .compose(retry -> taskOf(taskId))
                .map(check(moved -> assertThat(expect(moved, 200).getJsonArray("failedDaemonIds"))
                  .containsExactly(forgetful.daemonId().toString())))
                .eventually(restarted::kill))
              .eventually(other::kill);
          });
      }))
      .onComplete(test.succeedingThenComplete());
  }

  /** Reports running, a checkpoint with its patch, and the conversation; completes once the hub applied them. */
  private Future<Void> checkpointed(TestDaemon daemon, UUID taskId) {
    Future<JsonObject> applied = HubEvents.ownerEvent(hub, owner.id(),
      event -> "taskOutput".equals(event.getString("type")));
    daemon.reportRunning(taskId);
    daemon.send(new JsonObject().put("type", "checkpointCreated").put("taskId", taskId.toString())
      .put("commitSha", "c1").put("branchName", "task-branch").put("message", "halfway").put("filesChanged", 1)
      .put("linesAdded", 2).put("linesRemoved", 0).put("patchData", PATCH).put("patchBaseSha", "base-sha"));
    daemon.send(new JsonObject().put("type", "conversation").put("taskId", taskId.toString())
      .put("messages", new JsonArray().add("hello")));
    daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString())
      .put("messageType", "assistant").put("content", "checkpoint taken"));
    return applied.mapEmpty();
  }

  private Future<HttpResponse<Buffer>> me(String toolKey) {
    return api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-Tool-Key", toolKey).send();
  }

  private Future<HttpResponse<Buffer>> taskOf(UUID taskId) {
    return api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId);
  }
}
