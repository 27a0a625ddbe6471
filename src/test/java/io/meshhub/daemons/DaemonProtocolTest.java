package io.meshhub.daemons;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.auth.ApiKeys;
import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

class DaemonProtocolTest extends OwnerTest {

  @Test
  void daemonRegistersWithItsOwnersKeyAndIsListed(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 3)
      .compose(daemon -> api.get(owner.apiKey(), "/api/v1/mesh/daemons").map(check(list -> {
        JsonObject listed = expectArray(list).getJsonObject(0);
        assertThat(listed.getString("id")).isEqualTo(daemon.daemonId().toString());
        assertThat(listed.getString("status")).isEqualTo("connected");
        assertThat(listed.getInteger("maxConcurrentTasks")).isEqualTo(3);
        assertThat(listed.getInteger("currentTaskCount")).isZero();
        assertThat(listed.getString("hostname")).isEqualTo("test-host");
        assertThat(listed.getString("node")).isNotBlank();
      })).eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void badKeyIsRefusedAndClosed(Vertx vertx, VertxTestContext test) {
    TestDaemon.open(vertx, hub.port()).compose(daemon -> {
      daemon.send(TestDaemon.register(ApiKeys.newOwnerKey(), 1));
      return daemon.await("error").map(check(error -> assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED")))
        .compose(error -> daemon.closed());
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void firstFrameOtherThanRegisterIsRefusedAndClosed(Vertx vertx, VertxTestContext test) {
    TestDaemon.open(vertx, hub.port()).compose(daemon -> {
      daemon.send(new JsonObject().put("type", "heartbeat"));
      return daemon.await("error").map(check(error -> assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED")))
        .compose(error -> daemon.closed());
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherOwnersDaemonIdCannotBeTakenAndItsSessionStaysUp(Vertx vertx, VertxTestContext test) {
    api.newOwner().compose(intruder -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1)
      .compose(victim -> TestDaemon.open(vertx, hub.port()).compose(impostor -> {
        impostor.send(TestDaemon.register(intruder.apiKey(), 1).put("daemonId", victim.daemonId().toString()));
        return impostor.await("error")
          .map(check(error -> {
            assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED");
            assertThat(error.getString("message")).contains("another owner");
          }))
          .compose(refused -> impostor.closed())
          .compose(closed -> api.createTask(owner, task("still-mine")))
          .compose(created -> victim.await("spawnTask", UUID.fromString(created.getString("id"))))
          .map(check(spawn -> assertThat(victim.unclaimed("error")).isEmpty()));
      }).eventually(victim::kill)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void malformedOrImpossibleRegistrationIsRefused(Vertx vertx, VertxTestContext test) {
    Future.all(refusal(vertx, "{\"type\": \"register\""),
        refusal(vertx, TestDaemon.register(owner.apiKey(), 0).encode()))
      .map(check(all -> {
        assertThat(all.<JsonObject>resultAt(0).getString("code")).isEqualTo("UNAUTHORIZED");
        assertThat(all.<JsonObject>resultAt(1).getString("message")).contains("maxConcurrentTasks");
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> refusal(Vertx vertx, String firstFrame) {
    return TestDaemon.open(vertx, hub.port()).compose(daemon -> {
      daemon.sendText(firstFrame);
      return daemon.await("error").compose(error -> daemon.closed().map(error));
    });
  }

  @Test
  void hundredMalformedFramesEachGetBadFrameAndTheSessionStillWorks(Vertx vertx, VertxTestContext test) {
    List<String> malformed = List.of("not json", "[1,2,3]", "{}", "{\"type\":\"launchMissiles\"}",
      "{\"type\":\"taskStatus\",\"taskId\":\"nope\",\"status\":\"running\"}",
      "{\"type\":\"taskComplete\",\"taskId\":\"" + UUID.randomUUID() + "\"}",
      "{\"type\":\"taskOutput\",\"taskId\":\"" + UUID.randomUUID() + "\",\"content\":5}",
      "{\"type\":\"commandResult\",\"commandId\":\"x\",\"success\":true}",
      "{\"type\":\"register\",\"apiKey\":\"k\",\"hostname\":\"h\",\"maxConcurrentTasks\":1}", "null");
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon -> {
      List<Future<JsonObject>> errors = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        daemon.sendText(malformed.get(i % malformed.size()));
        errors.add(daemon.await("error"));
      }
      return Future.all(errors)
        .map(check(all -> errors.forEach(error ->
          assertThat(error.result().getString("code")).isEqualTo("BAD_FRAME"))))
        .compose(all -> api.createTask(owner, task("after-bad-frames")))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID taskId = UUID.fromString(spawn.getString("taskId"));
          Future<JsonObject> done = HubEvents.taskCompleted(hub, taskId);
          daemon.reportRunning(taskId);
          daemon.complete(taskId, true, "fine");
          return done.compose(task -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/events"));
        })
        .map(check(events -> assertThat(expectArray(events).stream()
          .map(event -> ((JsonObject) event).getJsonObject("eventData").getString("status")))
          .containsExactly("pending", "starting", "running", "done")))
        .eventually(daemon::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void answeredCommandCompletesWithTheDaemonsCommandResult(Vertx vertx, VertxTestContext test) {
    UUID taskId = UUID.randomUUID();
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon -> {
      Future<JsonObject> answered = DaemonCommands.send(hub.vertx().eventBus(), daemon.daemonId(),
        DaemonCommands.command("getTaskDiff", taskId), 10_000);
      return daemon.await("getTaskDiff", taskId)
        .compose(command -> {
          daemon.send(new JsonObject().put("type", "commandResult").put("commandId", command.getString("commandId"))
            .put("success", true).put("data", new JsonObject().put("diff", "+added line")));
          return answered;
        })
        .map(check(result -> {
          assertThat(result.getBoolean("success")).isTrue();
          assertThat(result.getJsonObject("data").getString("diff")).isEqualTo("+added line");
        }))
        .eventually(daemon::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void commandTheDaemonNeverAnswersTimesOut(Vertx vertx, VertxTestContext test) {
    UUID taskId = UUID.randomUUID();
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      DaemonCommands.send(hub.vertx().eventBus(), daemon.daemonId(), DaemonCommands.command("readFile", taskId)
          .put("filePath", "README.md"), 30_000)
        .transform(outcome -> {
          assertThat(outcome.failed()).isTrue();
          assertThat(outcome.cause()).isInstanceOf(ReplyException.class);
          assertThat(ErrorCode.fromNumber(((ReplyException) outcome.cause()).failureCode()))
            .isEqualTo(ErrorCode.DAEMON_TIMEOUT);
          return daemon.await("readFile", taskId);
        })
        .eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void commandToADaemonWithoutSessionFailsWithNoDaemon(VertxTestContext test) {
    DaemonCommands.send(hub.vertx().eventBus(), UUID.randomUUID(), DaemonCommands.command("sendMessage",
        UUID.randomUUID()), 1_000)
      .onComplete(test.failing(failure -> test.verify(() -> {
        assertThat(failure).isInstanceOf(ApiException.class);
        assertThat(((ApiException) failure).code()).isEqualTo(ErrorCode.DAEMON_UNAVAILABLE);
        test.completeNow();
      })));
  }

  /** A daemon that reports its task done and leaves at once: the report is applied before the departure. */
  @Test
  void aCompletionSentJustBeforeLeavingIsAppliedBeforeTheDaemonIsLost(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("last words"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID taskId = UUID.fromString(spawn.getString("taskId"));
          Future<JsonObject> ended = HubEvents.taskCompleted(hub, taskId);
          daemon.reportRunning(taskId);
          daemon.complete(taskId, true, "finished");
          return daemon.kill().compose(gone -> ended);
        })
        .map(check(ended -> {
          assertThat(ended.getString("status")).isEqualTo("done");
          assertThat(ended.getString("outputSummary")).isEqualTo("finished");
        }))).onComplete(test.succeedingThenComplete());
  }

  /** Found by the frame fuzzer: output carrying U+0000 was an internal error when Postgres refused to store it. */
  @Test
  void outputCarryingTheZeroCharacterIsABadFrameNamingItsField(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("zero"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", spawn.getString("taskId"))
            .put("messageType", "assistant").put("content", "zero \u0000 here"));
          return daemon.await("error").map(check(error -> {
            assertThat(error.getString("code")).isEqualTo("BAD_FRAME");
            assertThat(error.getString("message")).contains("'content'").contains("U+0000");
          }));
        })
        .eventually(daemon::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aReportWhoseHandlingThrowsIsABadFrameAtOnceAndTheNextFrameIsApplied(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("odd-status"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID taskId = UUID.fromString(spawn.getString("taskId"));
          daemon.send(new JsonObject().put("type", "taskStatus").put("taskId", taskId.toString())
            .put("status", "sleeping"));
          return daemon.await("error").map(check(error -> {
            assertThat(error.getString("code")).isEqualTo("BAD_FRAME");
            assertThat(error.getString("message")).contains("status");
          })).compose(refused -> {
            Future<JsonObject> running = HubEvents.ownerEvent(hub, owner.id(), event ->
              "taskUpdated".equals(event.getString("type")) && "running".equals(event.getString("status")));
            daemon.reportRunning(taskId);
            return running;
          });
        })
        .eventually(daemon::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void heartbeatsReconcileTasksMissingTwiceAndTasksThatAreNotTheDaemons(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon -> {
      daemon.stopHeartbeats();
      return api.createTask(owner, task("lost by the daemon"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID lost = UUID.fromString(spawn.getString("taskId"));
          daemon.reportRunning(lost);
          return api.createTask(owner, task("queued behind it")).compose(queued -> {
            UUID notItsOwn = UUID.fromString(queued.getString("id"));
            Future<JsonObject> interrupted = HubEvents.ownerEvent(hub, owner.id(), event ->
              "taskUpdated".equals(event.getString("type")) && lost.toString().equals(event.getString("taskId"))
                && "interrupted".equals(event.getString("status")));
            // Missing once may be a spawn in flight; missing twice, the daemon lost it.
            daemon.send(heartbeat(notItsOwn));
            daemon.send(heartbeat(notItsOwn));
            return daemon.await(frame -> "interruptTask".equals(frame.getString("type"))
                && notItsOwn.toString().equals(frame.getString("taskId")))
              .compose(told -> interrupted)
              .compose(done -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + lost))
              .map(check(task -> assertThat(expect(task, 200).getJsonArray("failedDaemonIds"))
                .containsExactly(daemon.daemonId().toString())));
          });
        })
        .eventually(daemon::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  /**
   * A heartbeat sent before a spawn arrived, or answered late by a loaded hub, does not list a task just given:
   * the daemon has its silence timeout to list it before missing heartbeats take it back.
   */
  @Test
  void aTaskJustGivenIsTakenBackOnlyWhenStillMissingAfterTheSilenceTimeout(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon -> {
      daemon.stopHeartbeats();
      UUID stranger = UUID.randomUUID();
      return api.createTask(owner, task("just given"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID given = UUID.fromString(spawn.getString("taskId"));
          // Each heartbeat is answered by telling the daemon to stop the stranger: then it has been handled.
          daemon.send(heartbeat(stranger));
          daemon.send(heartbeat(stranger));
          return daemon.await(frame -> "interruptTask".equals(frame.getString("type")))
            .compose(first -> daemon.await(frame -> "interruptTask".equals(frame.getString("type"))))
            .compose(handled -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + given))
            .map(check(task -> assertThat(expect(task, 200).getString("status")).isEqualTo("starting")))
            .compose(kept -> {
              Future<JsonObject> interrupted = HubEvents.ownerEvent(hub, owner.id(), event ->
                "taskUpdated".equals(event.getString("type")) && given.toString().equals(event.getString("taskId"))
                  && "interrupted".equals(event.getString("status")));
              daemon.listRunning(JsonArray::new);
              daemon.startHeartbeats(300);
              return interrupted;
            });
        })
        .eventually(daemon::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  private static JsonObject heartbeat(UUID... running) {
    return new JsonObject().put("type", "heartbeat").put("runningTaskIds", new JsonArray(
      Arrays.stream(running).map(UUID::toString).toList()));
  }

  @Test
  void aFloodOfFramesFarBeyondTheQueueIsHandledInOrderWithoutLoss(Vertx vertx, VertxTestContext test) {
    int flood = 10 * InboundFrames.MAX_QUEUED_FRAMES;
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("flooding"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          UUID taskId = UUID.fromString(spawn.getString("taskId"));
          Future<JsonObject> last = HubEvents.ownerEvent(hub, owner.id(), event ->
            "taskOutput".equals(event.getString("type"))
              && String.valueOf(flood - 1).equals(event.getString("content")));
          daemon.reportRunning(taskId);
          for (int i = 0; i < flood; i++) {
            daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString())
              .put("messageType", "assistant").put("content", String.valueOf(i)));
          }
          return last.compose(done -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/events?limit=1000"));
        })
        .map(check(events -> assertThat(expectArray(events).stream().map(JsonObject.class::cast)
          .filter(event -> "output".equals(event.getString("eventType")))
          .map(event -> event.getJsonObject("eventData").getString("content")))
          .containsExactlyElementsOf(IntStream.range(0, flood).mapToObj(String::valueOf).toList())))
        .eventually(daemon::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void theHundredthBadFrameInARowClosesTheSession(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon -> {
      for (int i = 0; i < 100; i++) {
        daemon.sendText("garbage");
      }
      return daemon.closed();
    }).onComplete(test.succeedingThenComplete());
  }
}
