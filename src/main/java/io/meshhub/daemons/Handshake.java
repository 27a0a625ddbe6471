package io.meshhub.daemons;

import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;

import java.util.UUID;

/**
 * The steps of one session's {@code register} handshake, in order: the key and the claim on a returning daemon's
 * identity, then the session's command address (listened on before the daemon is marked connected, so that the
 * scheduler never sees a connected daemon whose session cannot take a spawn yet), then the registry. The session
 * runs them, and stops between them when its socket closed.
 */
final class Handshake {

  /** Header of the control message that tells the session holding a daemon that a newer one takes over. */
  static final String CONTROL_HEADER = "control";
  static final String SUPERSEDED = "superseded";
  static final String SESSION_HEADER = "sessionId";

  private final EventBus bus;
  private final KeyAuthenticator authenticator;
  private final SessionSettings settings;
  private final UUID sessionId;

  Handshake(EventBus bus, KeyAuthenticator authenticator, SessionSettings settings, UUID sessionId) {
    this.bus = bus;
    this.authenticator = authenticator;
    this.settings = settings;
    this.sessionId = sessionId;
  }

  /** The key's owner; a returning daemon's identity may be taken over only by its own owner. */
  Future<Caller> authenticate(JsonObject frame, UUID requestedId, boolean returning) {
    return authenticator.ownerKey(frame.getString("apiKey"))
      .map(user -> Caller.fromJson(user.principal()))
      .compose(caller -> !returning ? Future.succeededFuture(caller)
        : bus.request(DaemonsAddresses.CLAIM, new JsonObject().put("ownerId", caller.ownerId().toString())
          .put("daemonId", requestedId.toString())).map(caller));
  }

  /** Pushes out the session that held the daemon and listens on the daemon's session address. */
  MessageConsumer<JsonObject> listen(UUID daemonId, Handler<Message<JsonObject>> onCommand) {
    bus.publish(DaemonsAddresses.session(daemonId), new JsonObject(), new DeliveryOptions()
      .addHeader(CONTROL_HEADER, SUPERSEDED).addHeader(SESSION_HEADER, sessionId.toString()));
    return bus.consumer(DaemonsAddresses.session(daemonId), onCommand);
  }

  /**
   * Once the command address is listened on everywhere, asks the registry to connect the daemon; the reply carries
   * its id and the tasks it must stop. A registry that completes after {@code deadline} undoes it.
   */
  Future<JsonObject> register(Caller caller, JsonObject frame, UUID daemonId, MessageConsumer<JsonObject> commands,
                              long deadline) {
    Registration registration = new Registration(caller.ownerId(), frame.getString("hostname"),
      frame.getInteger("maxConcurrentTasks"), frame.getString("version"), daemonId,
      frame.getJsonArray("runningTaskIds"), settings.nodeId(), sessionId, deadline);
    return BusCalls.registered(commands)
      .compose(listening -> bus.<JsonObject>request(DaemonsAddresses.REGISTER, registration.toJson()))
      .map(Message::body);
  }

  /** The session is gone: unless a newer session holds the daemon, it is lost (its tasks are retried). */
  void lost(UUID daemonId, String reason) {
    bus.send(DaemonsAddresses.DISCONNECTED, new JsonObject().put("daemonId", daemonId.toString())
      .put("sessionId", sessionId.toString()).put("reason", reason));
  }

  /** What a refused daemon is told: why its key or the identity it asked for is refused. */
  static String refusal(Throwable failure) {
    return failure instanceof HttpException unauthorized ? unauthorized.getPayload() : failure.getMessage();
  }

  /**
   * Whether the registration failed on the hub's side rather than for the daemon's key or identity: the daemon
   * should connect again, not give up.
   */
  static boolean failedOnTheHubsSide(Throwable failure) {
    if (failure instanceof HttpException) {
      return false;
    }
    return !(failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && ErrorCode.fromNumber(reply.failureCode()) != ErrorCode.INTERNAL_ERROR);
  }

  /** A handshake that stopped because the socket closed first. */
  static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("the socket closed during registration", null, false, false);
    }
  }
}
