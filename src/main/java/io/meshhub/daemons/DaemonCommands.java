package io.meshhub.daemons;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;

/**
 * Sends hub → daemon commands to a daemon's session, on whatever node holds its socket. A command that the daemon
 * answers ({@code commandResult}) completes with that result; any other completes once queued on the daemon's live
 * socket.
 */
public final class DaemonCommands {

  /** Commands the daemon answers with {@code commandResult}. */
  public static final Set<String> ANSWERED = Set.of("createCheckpoint", "createBranch", "mergeTaskToTarget",
    "createPR", "getTaskDiff", "readFile", "rewindCode");

  /** How long a command that is only written may take to reach its session (on whatever node holds it). */
  public static final long DELIVERY_TIMEOUT_MS = 5_000;

  private DaemonCommands() {
  }

  /** Builds a command frame with a fresh {@code commandId}. */
  public static JsonObject command(String type, UUID taskId) {
    return new JsonObject().put("type", type).put("commandId", UUID.randomUUID().toString())
      .put("taskId", taskId.toString());
  }

  /**
   * Sends the command and waits up to {@code timeoutMs}. Fails with {@code NO_DAEMON} when the daemon has no live
   * session anywhere, and with {@code TIMEOUT} when it does not answer in time.
   */
  public static Future<JsonObject> send(EventBus bus, UUID daemonId, JsonObject command, long timeoutMs) {
    return bus.<JsonObject>request(DaemonsAddresses.session(daemonId), command,
        new DeliveryOptions().setSendTimeout(timeoutMs))
      .map(Message::body)
      .recover(failure -> Future.failedFuture(explain(failure)));
  }

  private static Throwable explain(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new ApiException(ErrorCode.DAEMON_UNAVAILABLE, "the daemon is not connected");
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new ApiException(ErrorCode.DAEMON_TIMEOUT, "the daemon did not answer in time");
    }
    return failure;
  }
}
