package io.meshhub.support;

import io.meshhub.events.OwnerEvents;
import io.meshhub.scheduler.SchedulerAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * Waits for facts the hub publishes on its event bus, so that a test can wait for an effect instead of sleeping.
 * Call before causing the effect: the listener is in place when the method returns.
 */
public final class HubEvents {

  private HubEvents() {
  }

  /** The task as published when it reaches a final status. */
  public static Future<JsonObject> taskCompleted(RunningHub hub, UUID taskId) {
    return first(hub, SchedulerAddresses.TASK_COMPLETED, task -> taskId.toString().equals(task.getString("id")));
  }

  /** The next live update for the owner that matches. */
  public static Future<JsonObject> ownerEvent(RunningHub hub, UUID ownerId, Predicate<JsonObject> matches) {
    return first(hub, OwnerEvents.address(ownerId), matches);
  }

  private static Future<JsonObject> first(RunningHub hub, String address, Predicate<JsonObject> matches) {
    Promise<JsonObject> seen = Promise.promise();
    MessageConsumer<JsonObject> consumer = hub.vertx().eventBus().consumer(address, message -> {
      if (matches.test(message.body())) {
        seen.tryComplete(message.body());
      }
    });
    return seen.future().eventually(() -> consumer.unregister());
  }
}
