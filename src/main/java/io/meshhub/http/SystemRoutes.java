package io.meshhub.http;

import io.meshhub.core.HubContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** Liveness, readiness ({@link HealthChecks}) and the OpenAPI document itself. */
final class SystemRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final HubContext context;
  private final Buffer openApiDocument;

  SystemRoutes(Vertx vertx, Pool pool, HubContext context, Buffer openApiDocument) {
    this.vertx = vertx;
    this.pool = pool;
    this.context = context;
    this.openApiDocument = openApiDocument;
  }

  void mount(RouterBuilder builder) {
    HealthChecks.mount(builder, vertx, pool, context);
    builder.operation("getOpenApiDocument").handler(this::openApiDocument);
  }

  private void openApiDocument(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApiDocument);
  }
}
