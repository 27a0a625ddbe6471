package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Connections;
import io.meshhub.support.WatchedAgent;
import io.meshhub.support.HubEvents;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A daemon that hangs long enough to be taken for lost, then wakes up: it reconnects as itself, is told that the
 * task is no longer its own, and stops the agent it was still running — it cannot finish the task.
 */
class ZombieDaemonTest extends ProcessTest {

  @Test
  void aDaemonThatComesBackAfterLosingItsTaskStopsTheAgent(@TempDir Path dir) throws Exception {
    TestOwner owner = newOwner();
    WatchedRun run = watchedRun(owner, dir, "outlived");
    WatchedAgent agent = run.agent();
    Connections.Connected daemon = run.daemon();
    UUID taskId = run.taskId();
    try {
      Future<JsonObject> takenOff = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskUpdated".equals(event.getString("type")) && taskId.toString().equals(event.getString("taskId"))
          && "interrupted".equals(event.getString("status")));
      daemon.process().freeze();
      Blocking.await(takenOff, 30, "the hub to take the task off the silent daemon");
      Future<JsonObject> back = HubEvents.ownerEvent(hub, owner.id(), event ->
        "daemonUpdated".equals(event.getString("type")) && daemon.daemonId().equals(event.getString("id"))
          && "connected".equals(event.getString("status")));
      daemon.process().thaw();
      Blocking.await(back, 60, "the daemon to come back; its log:\n" + daemon.process().log());

      agent.agentGone().get(30, TimeUnit.SECONDS);
      agent.childGone().get(30, TimeUnit.SECONDS);
      JsonObject task = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId)
        .map(response -> Api.expect(response, 200)), 30, "the task");
      assertThat(task.getString("status")).as(task.encodePrettily()).isIn("interrupted", "pending");
      assertThat(task.getJsonArray("failedDaemonIds")).containsExactly(daemon.daemonId());
      assertThat(task.getString("daemonId")).isNull();
    } finally {
      daemon.process().thaw();
      daemon.process().close();
    }
  }
}
