package io.meshhub.daemons;

import io.meshhub.auth.AuthAddresses;
import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.core.MeshhubConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The SockJS endpoint daemons connect to ({@code /api/v1/mesh/daemons/connect}, raw WebSocket at
 * {@code …/websocket}), one per HTTP verticle instance, with the sessions it holds so that a stopping node can tell
 * each daemon to go elsewhere, and a revoked key closes the sessions it opened.
 */
public final class DaemonEndpoint implements HttpRoutes {

  public static final String PATH = "/api/v1/mesh/daemons/connect";

  private final Set<DaemonSession> sessions = new HashSet<>();
  private final Router router;

  public DaemonEndpoint(Vertx vertx, HubContext context, KeyAuthenticator authenticator) {
    MeshhubConfig.Daemons daemons = context.config().daemons();
    SessionSettings settings = new SessionSettings(daemons.heartbeatMs(), daemons.timeoutMs(),
      daemons.commandTimeoutMs(), context.nodeId(), sessions::remove,
      new FrameMeters(HubMetrics.of(vertx).registry()));
    SockJSHandlerOptions options = new SockJSHandlerOptions().setRegisterWriteHandler(false)
      .setInsertJSESSIONID(false);
    router = SockJSHandler.create(vertx, options).socketHandler(socket -> {
      DaemonSession session = new DaemonSession(vertx, socket, authenticator, settings);
      sessions.add(session);
      session.start();
    });
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.KEY_REVOKED, revoked -> {
      UUID keyId = UUID.fromString(revoked.body().getString("keyId"));
      List.copyOf(sessions).stream().filter(session -> session.authenticatedWith(keyId))
        .forEach(DaemonSession::keyRevoked);
    });
  }

  @Override
  public Map<String, Router> endpoints() {
    return Map.of(PATH, router);
  }

  /** Sends {@code goingAway} to every daemon of this endpoint and closes their sessions. */
  @Override
  public void stop() {
    List.copyOf(sessions).forEach(DaemonSession::goAway);
  }
}
