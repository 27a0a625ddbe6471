package io.meshhub.daemons;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.SockJsXhr;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.UUID;

/**
 * Both SockJS endpoints work on the fallback transports a browser or a SockJS client uses when WebSockets are
 * blocked (a proxy): over xhr-streaming and over xhr-polling, a daemon registers and runs a task, and a dashboard
 * receives its owner's events.
 */
class SockJsTransportsTest extends OwnerTest {

  @ParameterizedTest
  @EnumSource(SockJsXhr.Transport.class)
  void aDaemonRegistersAndRunsATaskOverAFallbackTransport(SockJsXhr.Transport transport, Vertx vertx,
                                                          VertxTestContext test) {
    SockJsXhr.open(vertx, hub.port(), TestDaemon.ENDPOINT, transport).compose(daemon ->
      daemon.send(TestDaemon.register(owner.apiKey(), 1))
        .map(check(status -> assertThat(status).isEqualTo(204)))
        .compose(sent -> daemon.await("registered"))
        .compose(registered -> api.createTask(owner, task("over " + transport)))
        .compose(created -> daemon.await(frame -> "spawnTask".equals(frame.getString("type"))
          && created.getString("id").equals(frame.getString("taskId"))))
        .compose(spawn -> {
          UUID taskId = UUID.fromString(spawn.getString("taskId"));
          Future<JsonObject> done = HubEvents.taskCompleted(hub, taskId);
          return daemon.send(new JsonObject().put("type", "taskStatus").put("taskId", taskId.toString())
              .put("status", "running"))
            .compose(sent -> daemon.send(new JsonObject().put("type", "taskComplete").put("taskId", taskId.toString())
              .put("success", true).put("outputSummary", "done over " + transport)))
            .compose(sent -> done);
        })
        .map(check(finished -> {
          assertThat(finished.getString("status")).isEqualTo("done");
          assertThat(finished.getString("outputSummary")).isEqualTo("done over " + transport);
        }))
        .eventually(daemon::close))
      .onComplete(test.succeedingThenComplete());
  }

  @ParameterizedTest
  @EnumSource(SockJsXhr.Transport.class)
  void aDashboardReceivesItsOwnersEventsOverAFallbackTransport(SockJsXhr.Transport transport, Vertx vertx,
                                                               VertxTestContext test) {
    SockJsXhr.open(vertx, hub.port(), "/api/v1/events", transport).compose(dashboard ->
      dashboard.send(new JsonObject().put("type", "auth").put("apiKey", owner.apiKey()))
        .compose(sent -> dashboard.await("authenticated"))
        .compose(authenticated -> api.createTask(owner, task("watched")))
        .compose(created -> dashboard.await(event -> "taskUpdated".equals(event.getString("type"))
          && created.getString("id").equals(event.getString("taskId"))))
        .map(check(event -> assertThat(event.getString("status")).isEqualTo("pending")))
        .eventually(dashboard::close))
      .onComplete(test.succeedingThenComplete());
  }
}
