package io.meshhub.http;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.Readiness;
import io.meshhub.core.Responses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** Liveness, readiness and the OpenAPI document itself. */
final class SystemRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Buffer openApiDocument;

  SystemRoutes(Vertx vertx, Pool pool, Buffer openApiDocument) {
    this.vertx = vertx;
    this.pool = pool;
    this.openApiDocument = openApiDocument;
  }

  void mount(RouterBuilder builder) {
    builder.operation("getHealth").handler(Responses.json(200, ctx ->
      Future.succeededFuture(new JsonObject().put("status", "UP"))));
    builder.operation("getReady").handler(Responses.json(200, this::ready));
    builder.operation("getOpenApiDocument").handler(this::openApiDocument);
  }

  /** Ready when every verticle is deployed and Postgres answers a query. */
  private Future<JsonObject> ready(RoutingContext ctx) {
    if (!Readiness.isDeployed(vertx)) {
      return Future.failedFuture(new ApiException(ErrorCode.UNAVAILABLE, "the hub is starting"));
    }
    return pool.query("select 1").execute()
      .recover(failure -> Future.failedFuture(new ApiException(ErrorCode.UNAVAILABLE, "the database does not answer")))
      .map(rows -> new JsonObject().put("status", "READY"));
  }

  private void openApiDocument(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApiDocument);
  }
}
