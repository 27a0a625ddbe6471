package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.Map;

/**
 * One feature's HTTP surface in one HTTP verticle instance: its operations of the OpenAPI document and, for the
 * features that speak frames rather than operations, endpoints outside it. The application hands the HTTP verticle
 * a factory of these, so that the verticle serves every feature without knowing any.
 */
public interface HttpRoutes {

  /** Mounts the feature's operations (or security handlers) on the router the OpenAPI document builds. */
  default void mount(RouterBuilder builder) {
  }

  /** Endpoints outside the document, by path; each gets a body handler in front (SockJS fallbacks read bodies). */
  default Map<String, Router> endpoints() {
    return Map.of();
  }

  /** Completes once the routes can serve: the consumers they listen on are registered. */
  default Future<Void> ready() {
    return Future.succeededFuture();
  }

  /** The HTTP verticle is stopping (sockets are told to go elsewhere). */
  default void stop() {
  }

  /** What an HTTP verticle instance builds the features' routes from: its Vert.x, the node's pool and context. */
  record Scope(Vertx vertx, Pool pool, HubContext hub) {
  }
}
