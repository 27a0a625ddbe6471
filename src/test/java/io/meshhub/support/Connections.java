package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Starting daemon processes and waiting until the hub has them connected, by event. */
public final class Connections {

  private Connections() {
  }

  /**
   * Starts a daemon and returns it once the hub announces a connected daemon of the owner whose id passes
   * {@code which}; the daemon's id is {@link Connected#daemonId()}.
   */
  public static Connected start(RunningHub hub, TestOwner owner, Predicate<String> which,
                                Supplier<MeshhubProcess> start) {
    Future<JsonObject> connected = HubEvents.ownerEvent(hub, owner.id(), event ->
      "daemonUpdated".equals(event.getString("type")) && "connected".equals(event.getString("status"))
        && which.test(event.getString("id")));
    MeshhubProcess daemon = start.get();
    JsonObject event = Blocking.await(connected, 60, "the daemon to connect; its log:\n" + daemon.log());
    return new Connected(daemon, event.getString("id"));
  }

  /** A daemon process the hub knows as {@code daemonId}. */
  public record Connected(MeshhubProcess process, String daemonId) {
  }
}
