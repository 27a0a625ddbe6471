package io.meshhub.core;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, answered in {@code X-Request-Id} and written in every log line about the request,
 * starting with its access-log line (debug level; never headers, so never keys), where JSON logs carry it as the
 * field {@code requestId}. A caller's own id is kept when it
 * is short and plain, so that a proxy's trace carries through.
 */
public final class RequestIds implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final Logger log = LoggerFactory.getLogger(RequestIds.class);
  private static final String KEY = "requestId";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Root handler, first of all: assigns the id and puts it on the response before anything else can answer. */
  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(HEADER);
    String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    if (log.isDebugEnabled()) {
      long startedNanos = System.nanoTime();
      ctx.addBodyEndHandler(done -> log.atDebug().addKeyValue(KEY, id)
        .log("{} {} {} -> {} in {} µs", id, ctx.request().method(), ctx.request().path(),
          ctx.response().getStatusCode(), (System.nanoTime() - startedNanos) / 1000));
    }
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
