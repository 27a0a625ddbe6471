package io.meshhub.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard (dashboard.md): a single-page app of static files from the jar, at {@code /}, with its scripts and
 * styles under {@code /app/} and the browser libraries it uses from their webjars under {@code /webjars/}. It talks
 * to the hub only through the public API and the events socket, like any other client.
 */
final class Dashboard {

  /** The page may load only the hub's own files and talk only to the hub (its API and its events socket). */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:;"
    + " style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

  private Dashboard() {
  }

  static void mount(Router root) {
    StaticHandler app = StaticHandler.create("webroot").setMaxAgeSeconds(60);
    root.get("/").handler(Dashboard::secured).handler(app);
    root.get("/app/*").handler(Dashboard::secured).handler(app);
    root.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
  }

  private static void secured(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
      .putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }
}
