package io.meshhub.daemons;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expectArray;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.DatabaseLock;
import io.meshhub.support.FrameSocket;
import io.meshhub.support.HubEvents;
import io.meshhub.support.LogCapture;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

/**
 * A registration leaves nothing behind: a socket that closes while the hub checks its key or the identity it asks
 * for leaves no command consumer and no daemon row, and a registration that takes too long is undone. The hub is
 * held at the chosen step by a lock the test takes in Postgres.
 */
class RegistrationCleanupTest extends OwnerTest {

  @ParameterizedTest(name = "while the hub reads {0}")
  @ValueSource(strings = {"api_keys", "daemons"})
  void aSocketClosedDuringKeyLookupOrClaimLeavesNoConsumerAndNoRow(String table, Vertx vertx, VertxTestContext test) {
    UUID daemonId = UUID.randomUUID();
    JsonObject register = TestDaemon.register(owner.apiKey(), 2).put("daemonId", daemonId.toString());
    LogCapture logs = new LogCapture();
    Future<String> abandoned = logs.await(line -> line.contains("registration was abandoned"));
    DatabaseLock.take(vertx, "lock table " + table + " in access exclusive mode")
      .compose(lock -> FrameSocket.open(vertx, hub.port(), TestDaemon.ENDPOINT)
        .compose(socket -> {
          socket.send(register);
          return socket.close();
        })
        .eventually(lock::release))
      .compose(closed -> abandoned)
      .compose(line -> hub.vertx().eventBus().request(DaemonsAddresses.session(daemonId), new JsonObject())
        .map(check(reply -> assertThat(reply).as("a consumer left behind answered").isNull()))
        .<Void>mapEmpty()
        .recover(failure -> {
          assertThat(failure).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
          return Future.succeededFuture();
        }))
      .compose(noConsumer -> api.get(owner.apiKey(), "/api/v1/mesh/daemons"))
      .map(check(daemons -> assertThat(expectArray(daemons)).isEmpty()))
      .eventually(() -> {
        logs.close();
        return Future.succeededFuture();
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aRegistrationThatTakesTooLongIsUndoneAndTheDaemonToldToConnectAgain(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2)
      .compose(first -> {
        Future<JsonObject> lost = HubEvents.ownerEvent(hub, owner.id(), RegistrationCleanupTest::disconnected);
        return first.kill().compose(killed -> lost).map(first.daemonId());
      })
      .compose(daemonId -> DatabaseLock.take(vertx, "select * from daemons where id = ? for update", daemonId)
        .compose(lock -> {
          // The registry's connect statement waits for the row; the session gives up after the command timeout.
          Future<JsonObject> undone = HubEvents.ownerEvent(hub, owner.id(), RegistrationCleanupTest::disconnected);
          return TestDaemon.open(vertx, hub.port())
            .compose(again -> {
              again.send(TestDaemon.register(owner.apiKey(), 2).put("daemonId", daemonId.toString()));
              return again.await("error").eventually(again::closed);
            })
            .map(check(refused -> assertThat(refused.getString("code")).isEqualTo("INTERNAL_ERROR")))
            .eventually(lock::release)
            .compose(told -> undone);
        }))
      .compose(undone -> api.get(owner.apiKey(), "/api/v1/mesh/daemons"))
      .map(check(daemons -> assertThat(expectArray(daemons)).singleElement()
        .satisfies(daemon -> assertThat(((JsonObject) daemon).getString("status")).isEqualTo("disconnected"))))
      .onComplete(test.succeedingThenComplete());
  }

  private static boolean disconnected(JsonObject event) {
    return "daemonUpdated".equals(event.getString("type")) && "disconnected".equals(event.getString("status"));
  }
}
