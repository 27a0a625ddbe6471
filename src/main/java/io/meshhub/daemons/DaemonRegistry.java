package io.meshhub.daemons;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.events.OwnerEvents;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * Daemons coming and going. A registration reconciles what the daemon says it runs with what the hub believes,
 * recounts its slots and wakes the scheduler; a lost daemon hands its tasks to the scheduler for retry.
 */
final class DaemonRegistry {

  private final DaemonRepository daemons;
  private final EventBus bus;

  DaemonRegistry(DaemonRepository daemons, EventBus bus) {
    this.daemons = daemons;
    this.bus = bus;
  }

  /**
   * Replies {@code {daemonId, interruptTaskIds, interruptedTaskIds}}: the daemon's identity, the listed tasks it must
   * stop, and the tasks the hub took off it because it did not list them. The reconciliation runs before the daemon
   * is marked connected, so that no task assigned to this new session can be taken for one it forgot.
   */
  Future<JsonObject> register(Registration registration) {
    UUID daemonId = registration.daemonId();
    JsonObject reconcile = new JsonObject().put("daemonId", daemonId.toString())
      .put("runningTaskIds", new JsonArray(registration.runningTaskIds().stream().map(UUID::toString).toList()));
    return bus.<JsonObject>request(DaemonsAddresses.RECONCILE, reconcile).map(Message::body)
      .compose(reconciled -> daemons.connect(registration).compose(connected -> {
        if (!connected) {
          return Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "daemon id belongs to another owner"));
        }
        if (System.currentTimeMillis() > registration.deadline()) {
          // The session stopped waiting and told the daemon to connect again: this late connection is undone.
          return disconnected(daemonId, registration.sessionId(), "registration completed after its deadline")
            .compose(undone -> Future.failedFuture(new ApiException(ErrorCode.DAEMON_TIMEOUT,
              "the registration completed after its deadline")));
        }
        return daemons.find(daemonId).map(daemon -> {
          announce(daemon);
          bus.publish(DaemonsAddresses.CONNECTED, new JsonObject().put("daemonId", daemonId.toString()));
          return reconciled.copy().put("daemonId", daemonId.toString());
        });
      }));
  }

  /** A daemon may come back under its id only for its own owner; a new id is anyone's. */
  Future<JsonObject> claim(UUID ownerId, UUID daemonId) {
    return daemons.ownerOf(daemonId).map(owner -> {
      if (owner.isPresent() && !owner.get().equals(ownerId)) {
        throw new ApiException(ErrorCode.FORBIDDEN, "daemon id belongs to another owner");
      }
      return new JsonObject();
    });
  }

  /**
   * The session ended: unless a newer session holds the daemon, it is lost and its tasks are retried. The scheduler
   * does both in one transaction guarded by the session (it owns the tasks and the slot counts).
   */
  Future<Void> disconnected(UUID daemonId, UUID sessionId, String reason) {
    JsonObject loss = new JsonObject().put("daemonId", daemonId.toString()).put("sessionId", sessionId.toString())
      .put("reason", reason);
    return bus.<JsonObject>request(DaemonsAddresses.LOST, loss).compose(reply -> reply.body()
      .getBoolean("lost") ? daemons.find(daemonId).map(lost -> {
        announce(lost);
        return null;
      }) : Future.succeededFuture());
  }

  /** Daemons held by nodes that are gone are disconnected (the scheduler retries their tasks after the grace). */
  Future<Integer> disconnectDeadNodes(List<String> liveNodes) {
    return daemons.disconnectDeadNodes(liveNodes).map(lost -> {
      lost.forEach(this::announce);
      return lost.size();
    });
  }

  /** Daemons marked connected whose last heartbeat is older than {@code silentMs} are disconnected. */
  Future<Integer> disconnectSilent(long silentMs) {
    return daemons.disconnectSilent(silentMs).map(lost -> {
      lost.forEach(this::announce);
      return lost.size();
    });
  }

  private void announce(Daemon daemon) {
    OwnerEvents.publish(bus, daemon.ownerId(), "daemonUpdated", daemon.toJson());
  }
}
