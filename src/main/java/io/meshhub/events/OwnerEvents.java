package io.meshhub.events;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Live updates for dashboards. Each owner has an address of its own, so a subscriber hears its owner's events and
 * no other's, on whichever node it is connected.
 */
public final class OwnerEvents {

  private static final String PREFIX = "events.owner.";

  private OwnerEvents() {
  }

  public static String address(UUID ownerId) {
    return PREFIX + ownerId;
  }

  /** Publishes {@code {type, ...payload}} to every dashboard of the owner. */
  public static void publish(EventBus bus, UUID ownerId, String type, JsonObject payload) {
    bus.publish(address(ownerId), payload.copy().put("type", type));
  }
}
