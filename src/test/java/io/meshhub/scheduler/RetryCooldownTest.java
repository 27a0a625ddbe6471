package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

/**
 * A retried task prefers the owner's other daemons; an owner whose only daemon lost it (a laptop's Wi-Fi blipped)
 * gets it back on that daemon once the retry cooldown has passed, with no manual retry.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class RetryCooldownTest {

  private static RunningHub hub;

  @BeforeAll
  static void startHub() {
    hub = TestHub.OwnHub.create().with(Map.of("scheduler.retryCooldownMs", "1500")).start();
  }

  @AfterAll
  static void stopHub() {
    hub.stop();
  }

  @Test
  void aTaskLostByTheOwnersOnlyDaemonRunsThereAgainAfterTheCooldown(Vertx vertx, VertxTestContext test) {
    Api api = new Api(vertx, hub);
    api.newOwner().compose(owner -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(laptop ->
      api.createTask(owner, task("patient")).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return laptop.await("spawnTask", taskId)
          .compose(first -> TestDaemon.connect(vertx, hub.port(), TestDaemon.register(owner.apiKey(), 1)
            .put("daemonId", laptop.daemonId().toString())))
          .compose(back -> back.await("spawnTask", taskId)
            .map(check(retry -> {
              assertThat(retry.getBoolean("resumeSession")).isTrue();
              assertThat(back.daemonId()).isEqualTo(laptop.daemonId());
            }))
            .eventually(back::kill));
      }))).onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherDaemonIsPreferredToTheOneThatLostTheTask(Vertx vertx, VertxTestContext test) {
    Api api = new Api(vertx, hub);
    api.newOwner().compose(owner -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 3).compose(big ->
      TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(small ->
        api.createTask(owner, task("moving")).compose(created -> {
          UUID taskId = UUID.fromString(created.getString("id"));
          return big.await("spawnTask", taskId)
            .compose(first -> TestDaemon.connect(vertx, hub.port(), TestDaemon.register(owner.apiKey(), 3)
              .put("daemonId", big.daemonId().toString())))
            .compose(bigAgain -> small.await("spawnTask", taskId)
              .map(check(retry -> assertThat(bigAgain.unclaimed("spawnTask")).isEmpty()))
              .eventually(bigAgain::kill));
        }).eventually(small::kill)))).onComplete(test.succeedingThenComplete());
  }
}
