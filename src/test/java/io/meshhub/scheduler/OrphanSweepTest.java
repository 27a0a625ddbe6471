package io.meshhub.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.HubEvents;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;

/**
 * A daemon was marked lost but the interruption of its tasks never happened (a bus timeout, a crash between the
 * two): the scheduler's sweep finds the tasks left on a daemon that is not connected and retries them.
 */
class OrphanSweepTest extends ClientTest {

  @Test
  void tasksLeftOnADisconnectedDaemonAreRetriedByTheSweep() throws Exception {
    TestHub.OwnHub node = TestHub.OwnHub.create().with(Map.of("scheduler.sweepMs", "300"));
    RunningHub hub = node.start();
    try {
      Api api = new Api(vertx, hub);
      TestOwner owner = Blocking.await(api.newOwner(), 30, "an owner");
      TestDaemon daemon = Blocking.await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1), 30, "a daemon");
      UUID taskId = UUID.fromString(Blocking.await(api.createTask(owner, Api.task("stranded")), 30, "a task")
        .getString("id"));
      Blocking.await(daemon.await("spawnTask", taskId), 30, "the spawn");
      Future<JsonObject> retried = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskUpdated".equals(event.getString("type")) && taskId.toString().equals(event.getString("taskId"))
          && "interrupted".equals(event.getString("status")));

      // The loss was written, the interruption of its task was not.
      try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(node.config().get("db.url")));
           PreparedStatement lost = db.prepareStatement(
             "update daemons set status = 'disconnected', session_id = null where id = ?")) {
        lost.setObject(1, daemon.daemonId());
        assertThat(lost.executeUpdate()).isEqualTo(1);
      }

      JsonObject interrupted = Blocking.await(retried, 30, "the sweep to retry the task");
      assertThat(interrupted.getString("status")).isEqualTo("interrupted");
      Blocking.await(daemon.kill(), 30, "the daemon to go");
    } finally {
      hub.stop();
    }
  }
}
