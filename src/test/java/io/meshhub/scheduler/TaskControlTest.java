package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.UUID;

/** What an owner does to running work: cancel it, message it, re-queue it; and what the daemon's reports leave. */
class TaskControlTest extends OwnerTest {

  @Test
  void cancellingARunningTaskInterruptsItAndFreesItsSlotForTheNext(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("first")).compose(first -> {
        UUID firstId = UUID.fromString(first.getString("id"));
        return daemon.await("spawnTask", firstId)
          .compose(spawn -> {
            daemon.reportRunning(firstId);
            return api.createTask(owner, task("second"));
          })
          .compose(second -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + firstId + "/cancel", new JsonObject())
            .map(check(cancelled -> assertThat(expect(cancelled, 200).getString("status")).isEqualTo("cancelled")))
            .compose(cancelled -> daemon.await("interruptTask", firstId))
            .compose(interrupt -> daemon.await("spawnTask", UUID.fromString(second.getString("id")))));
      }).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void messageReachesTheAgentOfARunningTaskAndIsRefusedForAPendingOne(Vertx vertx, VertxTestContext test) {
    api.createTask(owner, task("not-yet"))
      .compose(pending -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + pending.getString("id") + "/message",
        new JsonObject().put("message", "hello?")))
      .map(check(refused -> assertThat(expect(refused, 409).getString("code")).isEqualTo("NO_DAEMON")))
      .compose(refused -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
      .compose(daemon -> daemon.await("spawnTask").compose(spawn -> {
        String taskId = spawn.getString("taskId");
        return api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/message",
            new JsonObject().put("message", "please also add tests"))
          .map(check(sent -> assertThat(expect(sent, 200).getBoolean("delivered")).isTrue()))
          .compose(sent -> daemon.await("sendMessage", UUID.fromString(taskId)))
          .map(check(message -> assertThat(message.getString("message")).isEqualTo("please also add tests")));
      }).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void failedTaskCanBeRequeuedAndRunsAgain(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("flaky")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return daemon.await("spawnTask", taskId)
          .compose(spawn -> {
            Future<JsonObject> failed = HubEvents.taskCompleted(hub, taskId);
            daemon.complete(taskId, false, "tests failed");
            return failed.map(check(task -> {
              assertThat(task.getString("status")).isEqualTo("failed");
              assertThat(task.getString("errorMessage")).isEqualTo("tests failed");
            })).compose(task -> Future.all(
              api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-Tool-Key", spawn.getString("toolKey")).send(),
              api.get(owner.apiKey(), "/api/v1/mesh/daemons")));
          })
          .map(check(all -> {
            assertThat(expect(all.resultAt(0), 401).getString("code")).isEqualTo("UNAUTHORIZED");
            assertThat(expectArray(all.resultAt(1)).getJsonObject(0).getInteger("currentTaskCount")).isZero();
          }))
          .compose(checked -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/retry", new JsonObject()))
          .map(check(requeued -> assertThat(expect(requeued, 200).getString("status")).isEqualTo("pending")))
          .compose(requeued -> daemon.await("spawnTask", taskId))
          .compose(again -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/retry", new JsonObject()))
          .map(check(refused -> assertThat(expect(refused, 409).getString("code")).isEqualTo("INVALID_STATE")));
      }).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void completeOutputIsKeptInTheTaskLogAndPartialOutputIsNot(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("talkative")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return daemon.await("spawnTask", taskId).compose(spawn -> {
          Future<JsonObject> done = HubEvents.taskCompleted(hub, taskId);
          daemon.reportRunning(taskId);
          daemon.send(output(taskId, "thinking…", true));
          daemon.send(output(taskId, "wrote the parser", false));
          daemon.complete(taskId, true, "parser done");
          return done;
        }).compose(task -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/events"))
          .map(check(events -> {
            var outputs = expectArray(events).stream().map(JsonObject.class::cast)
              .filter(event -> "output".equals(event.getString("eventType"))).toList();
            assertThat(outputs).hasSize(1);
            assertThat(outputs.get(0).getJsonObject("eventData").getString("content")).isEqualTo("wrote the parser");
            assertThat(outputs.get(0).getJsonObject("eventData").getString("messageType")).isEqualTo("assistant");
          }));
      }).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private static JsonObject output(UUID taskId, String content, boolean partial) {
    return new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString()).put("messageType", "assistant")
      .put("content", content).put("isPartial", partial);
  }
}
