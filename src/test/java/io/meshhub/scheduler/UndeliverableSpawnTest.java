package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * A spawn that cannot be delivered (the daemon's row says connected, its session is gone) goes to the owner's
 * next daemon at once, not at the next kick.
 */
class UndeliverableSpawnTest extends OwnerTest {

  @Test
  void aTaskWhoseSpawnWasNotDeliveredGoesToTheNextDaemonAtOnce(Vertx vertx, VertxTestContext test) {
    UUID ghost = UUID.randomUUID();
    vertx.<Void>executeBlocking(() -> {
        // A daemon that looks the best choice (most free slots) and has no session anywhere.
        ghostDaemon(ghost, owner.id());
        return null;
      })
      .compose(ghostThere -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
      .compose(real -> api.createTask(owner, task("delivered elsewhere"))
        .compose(created -> real.await("spawnTask", UUID.fromString(created.getString("id"))))
        .map(check(spawn -> assertThat(spawn.getString("taskName")).isEqualTo("delivered elsewhere")))
        .eventually(real::kill))
      .eventually(() -> vertx.executeBlocking(() -> {
        forget(ghost);
        return null;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private static void ghostDaemon(UUID id, UUID ownerId) throws Exception {
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(TestDatabase.url()));
         PreparedStatement insert = db.prepareStatement("""
           insert into daemons (id, owner_id, hostname, status, max_concurrent_tasks, node, session_id, connected_at)
           values (?, ?, 'ghost', 'connected', 50, 'a node that is gone', ?, now())""")) {
      insert.setObject(1, id);
      insert.setObject(2, ownerId);
      insert.setObject(3, UUID.randomUUID());
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  private static void forget(UUID id) throws Exception {
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(TestDatabase.url()));
         PreparedStatement delete = db.prepareStatement("delete from daemons where id = ?")) {
      delete.setObject(1, id);
      delete.executeUpdate();
    }
  }
}
