package io.meshhub.http;

import io.meshhub.core.HubMetrics;
import io.meshhub.core.MeshhubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Prometheus's scrape of the node at {@code /metrics}: on the public port, or, when {@code metrics.port} is set, on
 * that port alone (the public one answers 404), so that the figures need not be exposed with the API.
 */
final class MetricsEndpoint {

  private static final String PATH = "/metrics";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsEndpoint() {
  }

  /** Mounts the scrape on the public router, unless it has a port of its own or metrics are off. */
  static void mount(Router root, Vertx vertx, MeshhubConfig.Metrics settings) {
    if (settings.enabled() && settings.port() == 0) {
      root.get(PATH).handler(ctx -> scrape(ctx, vertx));
    }
  }

  /** The scrape's own server, when {@code metrics.port} is set: every HTTP verticle instance listens on it. */
  static Future<Void> listenApart(Vertx vertx, MeshhubConfig config) {
    MeshhubConfig.Metrics settings = config.metrics();
    if (!settings.enabled() || settings.port() == 0) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router.get(PATH).handler(ctx -> scrape(ctx, vertx));
    return vertx.createHttpServer().requestHandler(router).listen(settings.port(), config.http().host()).mapEmpty();
  }

  private static void scrape(RoutingContext ctx, Vertx vertx) {
    HubMetrics.of(vertx).scrape()
      .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(text))
      .onFailure(ctx::fail);
  }
}
