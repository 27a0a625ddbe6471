package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Operation handlers are functions from a request to a future body; this turns them into route handlers, so that
 * every failure takes the one path to the failure handler.
 */
public final class Responses {

  private Responses() {
  }

  /** Answers with {@code status} and the JSON the work produces (a JsonObject or JsonArray). */
  public static Handler<RoutingContext> json(int status, Function<RoutingContext, Future<?>> work) {
    return ctx -> run(ctx, work, body -> ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(Json.encodeToBuffer(body)));
  }

  /** Answers 204 once the work is done. */
  public static Handler<RoutingContext> noContent(Function<RoutingContext, Future<?>> work) {
    return ctx -> run(ctx, work, done -> ctx.response().setStatusCode(204).end());
  }

  /** A client that went away while the work ran gets nothing: there is no one to answer. */
  private static void run(RoutingContext ctx, Function<RoutingContext, Future<?>> work, Consumer<Object> send) {
    work.apply(ctx).onComplete(outcome -> {
      if (ctx.response().closed()) {
        return;
      }
      if (outcome.succeeded()) {
        send.accept(outcome.result());
      } else {
        ctx.fail(outcome.cause());
      }
    });
  }
}
