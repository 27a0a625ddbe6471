package io.meshhub.core;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.validation.RequestParameter;
import io.vertx.ext.web.validation.RequestParameters;
import io.vertx.ext.web.validation.ValidationHandler;

import java.util.UUID;

/** Typed access to a request's parameters after the OpenAPI validation has checked and parsed them. */
public final class Params {

  /** The default of the OpenAPI document's {@code limit} parameter. */
  static final int DEFAULT_LIMIT = 100;

  private final RequestParameters parameters;

  private Params(RequestParameters parameters) {
    this.parameters = parameters;
  }

  public static Params of(RoutingContext ctx) {
    return new Params(ctx.get(ValidationHandler.REQUEST_CONTEXT_KEY));
  }

  /** The JSON body (the document declares it required where an operation needs one). */
  public JsonObject body() {
    RequestParameter body = parameters.body();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }

  public UUID pathUuid(String name) {
    return UUID.fromString(parameters.pathParameter(name).getString());
  }

  public UUID queryUuid(String name) {
    String value = queryString(name);
    return value == null ? null : UUID.fromString(value);
  }

  public String queryString(String name) {
    RequestParameter parameter = parameters.queryParameter(name);
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }

  public long queryLong(String name, long whenAbsent) {
    RequestParameter parameter = parameters.queryParameter(name);
    return parameter == null || parameter.isNull() ? whenAbsent : parameter.getLong();
  }

  public int queryInt(String name, int whenAbsent) {
    RequestParameter parameter = parameters.queryParameter(name);
    return parameter == null || parameter.isNull() ? whenAbsent : parameter.getInteger();
  }

  /** The page size a list asks for ({@code limit}, the document's default when absent). */
  public int limit() {
    return queryInt("limit", DEFAULT_LIMIT);
  }

  /** Where a list's page starts ({@code offset}, 0 when absent). */
  public long offset() {
    return queryLong("offset", 0);
  }
}
