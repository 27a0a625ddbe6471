package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.HubEvents;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hub that restarts while tasks run on daemons that never come back leaves no task {@code starting} or
 * {@code running}: once the daemons had the silence timeout to come back, the new hub retries their tasks as soon
 * as a daemon of their owner connects.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120_000)
class RestartReconciliationTest {

  @Test
  void tasksOfDaemonsThatNeverComeBackAreRetriedAfterARestart(Vertx vertx, VertxTestContext test) {
    TestHub.OwnHub own = TestHub.OwnHub.create();
    RunningHub first = own.start();
    Api firstApi = new Api(vertx, first);
    AtomicReference<TestOwner> owner = new AtomicReference<>();
    AtomicReference<UUID> lostDaemon = new AtomicReference<>();

    firstApi.newOwner().compose(created -> {
      owner.set(created);
      return TestDaemon.connect(vertx, first.port(), created.apiKey(), 2);
    }).compose(daemon -> {
      lostDaemon.set(daemon.daemonId());
      return firstApi.createTask(owner.get(), task("was-running"))
        .compose(running -> daemon.await("spawnTask", UUID.fromString(running.getString("id"))))
        .compose(spawn -> {
          daemon.reportRunning(UUID.fromString(spawn.getString("taskId")));
          return firstApi.createTask(owner.get(), task("was-starting"));
        })
        .compose(starting -> daemon.await("spawnTask", UUID.fromString(starting.getString("id"))))
        .compose(spawn -> vertx.executeBlocking(() -> {
          first.stop();
          return own.start();
        }))
        .compose(second -> {
          Api secondApi = new Api(vertx, second);
          Future<JsonObject> retried = HubEvents.ownerEvent(second, owner.get().id(), event ->
            "taskUpdated".equals(event.getString("type")) && "interrupted".equals(event.getString("status")));
          return daemon.await("goingAway")
            .compose(told -> retried)
            .compose(interrupted -> secondApi.get(owner.get().apiKey(), "/api/v1/mesh/tasks"))
            .map(check(after -> {
              List<JsonObject> tasks = expectArray(after).stream().map(JsonObject.class::cast).toList();
              assertThat(tasks).hasSize(2).allSatisfy(task -> {
                assertThat(task.getString("status")).isEqualTo("interrupted");
                assertThat(task.getString("daemonId")).isNull();
                assertThat(task.getJsonArray("failedDaemonIds")).containsExactly(lostDaemon.get().toString());
              });
            }))
            .compose(checked -> secondApi.get(owner.get().apiKey(), "/api/v1/mesh/daemons"))
            .map(check(daemons -> assertThat(expectArray(daemons).getJsonObject(0).getString("status"))
              .isEqualTo("disconnected")))
            .compose(checked -> TestDaemon.connect(vertx, second.port(), owner.get().apiKey(), 2))
            .compose(fresh -> Future.all(fresh.await("spawnTask"), fresh.await("spawnTask"))
              .map(check(both -> {
                assertThat(both.<JsonObject>resultAt(0).getBoolean("resumeSession")).isTrue();
                assertThat(both.<JsonObject>resultAt(1).getBoolean("resumeSession")).isTrue();
              }))
              .eventually(fresh::kill))
            .eventually(() -> vertx.executeBlocking(() -> {
              second.stop();
              return null;
            }));
        });
    }).onComplete(test.succeedingThenComplete());
  }
}
