package io.meshhub.auth;

import io.meshhub.core.HttpRoutes;
import io.vertx.ext.web.RoutingContext;
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
      .authenticate(ctx -> authenticator.ownerKey(ctx.request().getHeader("X-API-Key"))));
    builder.securityHandler("toolKey", SimpleAuthenticationHandler.create()
      .authenticate(ctx -> authenticator.toolKey(ctx.request().getHeader("X-Tool-Key"))));
  }

  private static String bearerToken(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
      return null;
    }
    return authorization.substring(BEARER_PREFIX.length());
  }
}
