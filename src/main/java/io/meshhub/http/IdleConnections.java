package io.meshhub.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Closes an HTTP connection that has carried no request for the idle timeout, so that clients that open
 * connections and leave them cost nothing for long. A request in flight keeps its connection open however long it
 * lasts — an ask or a wait may block for a day without a byte either way, which is why Vert.x's own idle timeout
 * (it counts bytes, not requests) cannot be used — and a connection upgraded to a WebSocket is left to its session,
 * which watches its own silence. One instance per HTTP verticle; used from its event loop only.
 */
final class IdleConnections {

  private final Vertx vertx;
  private final long idleTimeoutMs;
  private final Map<HttpConnection, Usage> connections = new HashMap<>();

  /**
   * What one connection carries now: requests in flight, since when it has carried none, and the timer that checks
   * it. The timer is not moved for every request — a busy connection would set and cancel a timer per request —
   * but, when it fires on a connection that was busy meanwhile, set again for what is left of the idle timeout.
   */
  private static final class Usage {
    int inFlight;
    long idleSince;
    long timer = -1;
    boolean upgraded;
  }

  IdleConnections(Vertx vertx, long idleTimeoutMs) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** The server's connection handler: a new connection is idle until its first request. */
  void opened(HttpConnection connection) {
    Usage usage = new Usage();
    connections.put(connection, usage);
    connection.closeHandler(closed -> {
      Usage gone = connections.remove(connection);
      if (gone != null) {
        vertx.cancelTimer(gone.timer);
      }
    });
    usage.idleSince = System.currentTimeMillis();
    check(connection, usage, idleTimeoutMs);
  }

  /** The root router's first handler: the request's connection is busy until the request ends. */
  void requestStarted(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    Usage usage = connections.get(connection);
    if (usage != null && !usage.upgraded) {
      if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        usage.upgraded = true;
        vertx.cancelTimer(usage.timer);
      } else {
        usage.inFlight++;
        ctx.addEndHandler(ended -> {
          if (--usage.inFlight == 0) {
            usage.idleSince = System.currentTimeMillis();
          }
        });
      }
    }
    ctx.next();
  }

  private void check(HttpConnection connection, Usage usage, long delayMs) {
    usage.timer = vertx.setTimer(Math.max(1, delayMs), fired -> {
      if (usage.upgraded || !connections.containsKey(connection)) {
        return;
      }
      long idleFor = System.currentTimeMillis() - usage.idleSince;
      if (usage.inFlight == 0 && idleFor >= idleTimeoutMs) {
        connection.close();
      } else {
        check(connection, usage, usage.inFlight == 0 ? idleTimeoutMs - idleFor : idleTimeoutMs);
      }
    });
  }
}
