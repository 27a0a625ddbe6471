package io.meshhub.events;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.Api;
import io.meshhub.support.FrameSocket;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/** A dashboard hears its owner's live updates and never another owner's. */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class EventsSocketTest {

  private RunningHub hub;
  private Api api;
  private TestOwner a;
  private TestOwner b;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    hub = TestHub.shared();
    api = new Api(vertx, hub);
    Future.all(api.newOwner(), api.newOwner()).onComplete(test.succeeding(owners -> {
      a = owners.resultAt(0);
      b = owners.resultAt(1);
      test.completeNow();
    }));
  }

  @Test
  void dashboardHearsItsOwnersTaskUpdatesAndOutputAndNoOneElses(Vertx vertx, VertxTestContext test) {
    Future.all(FrameSocket.dashboard(vertx, hub.port(), a.apiKey()),
      FrameSocket.dashboard(vertx, hub.port(), b.apiKey())).compose(dashboards -> {
      FrameSocket forA = dashboards.resultAt(0);
      FrameSocket forB = dashboards.resultAt(1);
      return TestDaemon.connect(vertx, hub.port(), a.apiKey(), 1)
        .compose(daemon -> forA.await(event -> "daemonUpdated".equals(event.getString("type")))
          .map(check(update -> {
            assertThat(update.getString("id")).isEqualTo(daemon.daemonId().toString());
            assertThat(update.getString("status")).isEqualTo("connected");
          }))
          .compose(seen -> api.createTask(a, task("watched")))
          .compose(created -> {
            UUID taskId = UUID.fromString(created.getString("id"));
            return forA.await(event -> isAbout(event, "taskUpdated", taskId)
                && "pending".equals(event.getString("status")))
              .compose(pending -> daemon.await("spawnTask", taskId))
              .compose(spawn -> {
                daemon.reportRunning(taskId);
                daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString())
                  .put("messageType", "assistant").put("content", "half way").put("costUsd", 0.25));
                return forA.await(event -> isAbout(event, "taskOutput", taskId));
              })
              .map(check(output -> {
                assertThat(output.getString("content")).isEqualTo("half way");
                assertThat(output.getDouble("costUsd")).isEqualTo(0.25);
              }))
              .compose(output -> forA.await(event -> isAbout(event, "taskUpdated", taskId)
                && "running".equals(event.getString("status"))))
              .map(check(running -> {
                assertThat(running.getInteger("version")).isGreaterThan(1);
                assertThat(running.getString("updatedBy")).isEqualTo("daemon");
                assertThat(running.getJsonArray("updatedFields")).contains("status");
              }))
              .compose(running -> api.createTask(b, task("b's own")))
              .compose(own -> forB.await(event -> "taskUpdated".equals(event.getString("type"))))
              .map(check(own -> assertThat(forB.unclaimed()).noneMatch(event ->
                taskId.toString().equals(event.getString("taskId"))
                  || daemon.daemonId().toString().equals(event.getString("id")))));
          })
          .eventually(daemon::kill));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aDashboardThatDoesNotReadIsClosedInsteadOfBufferedWithoutBound(Vertx vertx, VertxTestContext test) {
    String bulk = "x".repeat(32 * 1024);
    int outputs = 300;
    FrameSocket.open(vertx, hub.port(), EventsEndpoint.PATH).compose(dashboard -> {
      dashboard.send(new JsonObject().put("type", "auth").put("apiKey", a.apiKey()));
      return dashboard.await("authenticated").compose(in -> TestDaemon.connect(vertx, hub.port(), a.apiKey(), 1))
        .compose(daemon -> api.createTask(a, task("talkative"))
          .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
          .compose(spawn -> {
            dashboard.reading(false);
            Future<JsonObject> last = HubEvents.ownerEvent(hub, a.id(), event ->
              "taskOutput".equals(event.getString("type")) && "last".equals(event.getString("content")));
            for (int i = 0; i < outputs; i++) {
              daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", spawn.getString("taskId"))
                .put("messageType", "assistant").put("content", i == outputs - 1 ? "last" : bulk));
            }
            return last;
          })
          .compose(sent -> {
            dashboard.reading(true);
            return dashboard.closed();
          })
          .map(check(closed -> assertThat(dashboard.unclaimed().stream()
            .filter(event -> "taskOutput".equals(event.getString("type")))).hasSizeLessThan(outputs)))
          .eventually(daemon::kill));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aDashboardThatNeverSignsInIsToldAndClosedAfterTenSeconds(Vertx vertx, VertxTestContext test) {
    FrameSocket.open(vertx, hub.port(), EventsEndpoint.PATH).compose(socket -> socket.await("error")
        .map(check(error -> {
          assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED");
          assertThat(error.getString("message")).contains("10 s");
        }))
        .compose(error -> socket.closed()))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void dashboardWithABadKeyIsRefusedAndClosed(Vertx vertx, VertxTestContext test) {
    FrameSocket.open(vertx, hub.port(), EventsEndpoint.PATH).compose(socket -> {
      socket.send(new JsonObject().put("type", "auth").put("apiKey", ApiKeys.newOwnerKey()));
      return socket.await("error")
        .map(check(error -> assertThat(error.getString("code")).isEqualTo("UNAUTHORIZED")))
        .compose(error -> socket.closed());
    }).onComplete(test.succeedingThenComplete());
  }

  private static boolean isAbout(JsonObject event, String type, UUID taskId) {
    return type.equals(event.getString("type")) && taskId.toString().equals(event.getString("taskId"));
  }

}
