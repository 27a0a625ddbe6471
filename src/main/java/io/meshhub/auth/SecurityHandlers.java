package io.meshhub.auth;

import io.meshhub.core.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.openapi.RouterBuilder;

/**
 * Binds the OpenAPI document's security schemes to the key lookups: {@code bearerAuth} and {@code apiKey} carry an
 * owner's API key, {@code toolKey} a task's tool key. An operation that allows several schemes accepts any of them.
 */
public final class SecurityHandlers implements HttpRoutes {

  private static final String BEARER_PREFIX = "Bearer ";

  private final KeyAuthenticator authenticator;

  public SecurityHandlers(KeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.securityHandler("bearerAuth", SimpleAuthenticationHandler.create()
      .authenticate(ctx -> authenticator.ownerKey(bearerToken(ctx))));
    builder.securityHandler("apiKey", SimpleAuthenticationHandler.create()
      .authenticate(ctx -> ctx.request().getHeader("X-API-Key") == null ? refusedEarlier(ctx, "an API key")
        : authenticator.ownerKey(ctx.request().getHeader("X-API-Key"))));
    builder.securityHandler("toolKey", SimpleAuthenticationHandler.create()
      .authenticate(ctx -> ctx.request().getHeader("X-Tool-Key") == null ? refusedEarlier(ctx, "a tool key")
        : authenticator.toolKey(ctx.request().getHeader("X-Tool-Key"))));
  }

  /**
   * An operation may take several kinds of key, tried in the order of its security requirements, and a refusal
   * reports the last one tried. The last ones ({@code apiKey}, {@code toolKey}) name the key that was presented,
   * which an earlier scheme refused, rather than the header they read themselves and the caller never sent.
   */
  private static Future<User> refusedEarlier(RoutingContext ctx, String wanted) {
    String message;
    if (bearerToken(ctx) != null || ctx.request().getHeader("X-API-Key") != null) {
      message = "unknown API key, or this operation does not take an API key";
    } else if (ctx.request().getHeader("X-Tool-Key") != null) {
      message = "unknown tool key, or this operation does not take a tool key";
    } else {
      message = wanted + " is required";
    }
    return Future.failedFuture(new HttpException(401, message));
  }

  private static String bearerToken(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
      return null;
    }
    return authorization.substring(BEARER_PREFIX.length());
  }
}
