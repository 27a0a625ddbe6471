package io.meshhub.daemons;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * One session's heartbeats compared with what the scheduler believes the daemon runs: a task missing from two
 * heartbeats in a row is retried (one may cross a spawn in flight), a listed task that is not the daemon's is
 * stopped. Remembers, between heartbeats, the tasks that the last one did not list.
 */
final class HeartbeatReconciliation {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatReconciliation.class);

  private final EventBus bus;
  private JsonArray suspects = new JsonArray();

  HeartbeatReconciliation(EventBus bus) {
    this.bus = bus;
  }

  /** Reconciles one heartbeat's {@code runningTaskIds}; {@code commands} sends the daemon its interruptTask frames. */
  Future<Void> reconcile(JsonObject sessionRef, JsonArray listed, Consumer<JsonObject> commands) {
    return bus.<JsonObject>request(DaemonsAddresses.RECONCILE_HEARTBEAT, sessionRef.copy()
        .put("runningTaskIds", listed).put("suspectTaskIds", suspects))
      .onSuccess(reply -> {
        suspects = reply.body().getJsonArray("missingTaskIds");
        reply.body().getJsonArray("interruptTaskIds").forEach(taskId -> commands.accept(DaemonCommands
          .command("interruptTask", UUID.fromString((String) taskId)).put("reason", "the task is not this daemon's")));
      })
      .<Void>mapEmpty()
      .recover(failure -> {
        log.warn("Heartbeat of daemon {} not reconciled: {}", sessionRef.getString("daemonId"), failure.getMessage());
        return Future.succeededFuture();
      });
  }
}
