package io.meshhub.events;

import io.meshhub.auth.AuthAddresses;
import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The SockJS endpoint dashboards subscribe to ({@code /api/v1/events}). The first frame authenticates:
 * {@code {"type":"auth","apiKey":…}}; from then on the socket receives its owner's events, and only those.
 */
public final class EventsEndpoint implements HttpRoutes {

  public static final String PATH = "/api/v1/events";

  private final Router router;
  private final Set<Subscription> subscriptions = new HashSet<>();

  public EventsEndpoint(Vertx vertx, KeyAuthenticator authenticator) {
    SockJSHandlerOptions options = new SockJSHandlerOptions().setRegisterWriteHandler(false)
      .setInsertJSESSIONID(false);
    router = SockJSHandler.create(vertx, options).socketHandler(socket -> {
      Subscription subscription = new Subscription(vertx, socket, authenticator, subscriptions::remove);
      subscriptions.add(subscription);
      subscription.start();
    });
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.KEY_REVOKED, revoked -> {
      UUID keyId = UUID.fromString(revoked.body().getString("keyId"));
      List.copyOf(subscriptions).stream().filter(subscription -> keyId.equals(subscription.keyId))
        .forEach(Subscription::keyRevoked);
    });
  }

  @Override
  public Map<String, Router> endpoints() {
    return Map.of(PATH, router);
  }

  /** One dashboard socket: unauthenticated until its first frame, then subscribed to its owner's address. */
  private static final class Subscription {

    /** A socket that has not signed in by then is closed: an idle anonymous socket costs a slot and gets nothing. */
    static final long AUTH_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final SockJSSocket socket;
    private final KeyAuthenticator authenticator;
    private final Consumer<Subscription> onClosed;
    private MessageConsumer<JsonObject> events;
    private UUID keyId;
    private boolean closed;

    Subscription(Vertx vertx, SockJSSocket socket, KeyAuthenticator authenticator,
                 Consumer<Subscription> onClosed) {
      this.vertx = vertx;
      this.socket = socket;
      this.authenticator = authenticator;
      this.onClosed = onClosed;
    }

    void start() {
      long authTimer = vertx.setTimer(AUTH_TIMEOUT_MS, timer -> {
        if (keyId == null && !closed) {
          refuse("no {\"type\":\"auth\",\"apiKey\":…} frame within " + AUTH_TIMEOUT_MS / 1000 + " s");
        }
      });
      socket.closeHandler(done -> {
        vertx.cancelTimer(authTimer);
        closed = true;
        onClosed.accept(this);
        if (events != null) {
          events.unregister();
        }
      });
      socket.handler(this::authenticate);
    }

    private void authenticate(Buffer first) {
      socket.handler(ignored -> { });
      authenticator.ownerKey(apiKey(first)).onComplete(authenticated -> {
        if (closed) {
          return;
        }
        if (authenticated.failed()) {
          refuse("the first frame must be {\"type\":\"auth\",\"apiKey\":…} with a valid key");
          return;
        }
        subscribe(authenticated.result());
      });
    }

    private void subscribe(User user) {
      Caller caller = Caller.fromJson(user.principal());
      keyId = caller.keyId();
      events = vertx.eventBus().consumer(OwnerEvents.address(caller.ownerId()), event -> deliver(event.body()));
      BusCalls.registered(events).onComplete(registered -> socket.write(new JsonObject().put("type", "authenticated")
        .put("ownerId", caller.ownerId().toString()).toBuffer()));
    }

    /**
     * A dashboard that does not read what it is sent would make the hub buffer its events without bound: once its
     * write queue is full it is closed (it reconnects and catches up from the API).
     */
    private void deliver(JsonObject event) {
      if (closed) {
        return;
      }
      if (socket.writeQueueFull()) {
        socket.close();
        return;
      }
      socket.write(event.toBuffer());
    }

    /** The key this dashboard signed in with was revoked: it is told so and closed. */
    private void keyRevoked() {
      if (!closed) {
        refuse("the API key this dashboard signed in with was revoked");
      }
    }

    private void refuse(String message) {
      socket.write(new JsonObject().put("type", "error").put("code", "UNAUTHORIZED").put("message", message)
        .toBuffer());
      socket.close();
    }

    private static String apiKey(Buffer frame) {
      try {
        JsonObject json = frame.toJsonObject();
        return "auth".equals(json.getString("type")) ? json.getString("apiKey") : null;
      } catch (DecodeException | ClassCastException e) {
        return null;
      }
    }
  }
}
