package io.meshhub.auth;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.FrameSocket;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.UUID;

/** Revoking an API key reaches the sockets it opened: its daemons and dashboards are told and closed at once. */
class RevocationTest extends OwnerTest {

  @Test
  void revokingAKeyClosesTheDaemonsAndDashboardsItOpenedAndNoOthers(Vertx vertx, VertxTestContext test) {
    api.post(owner.apiKey(), "/api/v1/keys", new JsonObject()).map(created -> expect(created, 201))
      .compose(second -> Future.all(
          TestDaemon.connect(vertx, hub.port(), second.getString("apiKey"), 1),
          TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1),
          FrameSocket.dashboard(vertx, hub.port(), second.getString("apiKey")))
        .compose(all -> {
          TestDaemon revoked = all.resultAt(0);
          TestDaemon kept = all.resultAt(1);
          FrameSocket board = all.resultAt(2);
          return api.as(owner.apiKey(), HttpMethod.DELETE, "/api/v1/keys/" + second.getString("id")).send()
            .map(check(deleted -> assertThat(deleted.statusCode()).isEqualTo(204)))
            .compose(deleted -> Future.all(revoked.await("error"), board.await("error")))
            .map(check(errors -> {
              assertThat(errors.<JsonObject>resultAt(0).getString("code")).isEqualTo("UNAUTHORIZED");
              assertThat(errors.<JsonObject>resultAt(1).getString("code")).isEqualTo("UNAUTHORIZED");
            }))
            .compose(told -> Future.all(revoked.closed(), board.closed()))
            .compose(closed -> api.createTask(owner, task("still served")))
            .compose(created -> kept.await("spawnTask", UUID.fromString(created.getString("id"))))
            .eventually(kept::kill);
        }))
      .onComplete(test.succeedingThenComplete());
  }

}
