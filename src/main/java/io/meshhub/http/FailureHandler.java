package io.meshhub.http;

import io.meshhub.core.ApiError;
import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.validation.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every failed request, whatever failed it, is answered with an
 * {@link ApiError}. An internal error is logged with its cause and the request id, and answered without its text.
 */
final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);
  private static final String INTERNAL_MESSAGE = "internal error; quote the X-Request-Id header when reporting it";

  @Override
  public void handle(RoutingContext ctx) {
    respond(ctx, ctx.statusCode());
  }

  /** For the router's error handlers (no route, wrong method), which are not always given the status. */
  Handler<RoutingContext> forStatus(int status) {
    return ctx -> respond(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : status);
  }

  private void respond(RoutingContext ctx, int statusCode) {
    Throwable failure = ctx.failure();
    ApiError error = classify(failure, statusCode);
    if (error.code() == ErrorCode.INTERNAL_ERROR) {
      log.error("Request {} {} {} failed", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), failure);
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
      .setStatusCode(error.code().httpStatus())
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(error.toJson().toBuffer());
  }

  static ApiError classify(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return new ApiError(api.code(), api.getMessage());
    }
    if (failure instanceof BadRequestException invalid) {
      return new ApiError(ErrorCode.VALIDATION_ERROR, ValidationMessages.describe(invalid));
    }
    if (failure instanceof ReplyException reply) {
      return fromReply(reply);
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null) {
      return fromStatus(statusCode, null);
    }
    return new ApiError(ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
  }

  private static ApiError fromReply(ReplyException reply) {
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return new ApiError(ErrorCode.UNAVAILABLE, "the hub could not handle the request in time; retry it");
    }
    ErrorCode code = ErrorCode.fromNumber(reply.failureCode());
    return new ApiError(code, code == ErrorCode.INTERNAL_ERROR ? INTERNAL_MESSAGE : reply.getMessage());
  }

  private static ApiError fromStatus(int status, String message) {
    return switch (status) {
      case 400 -> new ApiError(ErrorCode.VALIDATION_ERROR, orDefault(message, "malformed request"));
      case 401 -> new ApiError(ErrorCode.UNAUTHORIZED, orDefault(message, "a valid API key or tool key is required"));
      case 403 -> new ApiError(ErrorCode.FORBIDDEN, orDefault(message, "not allowed"));
      case 404 -> new ApiError(ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this resource");
      case 413 -> new ApiError(ErrorCode.VALIDATION_ERROR, "request body is larger than 1 MiB");
      case 415 -> new ApiError(ErrorCode.VALIDATION_ERROR, "request body must be application/json");
      default -> new ApiError(ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
    };
  }

  private static String orDefault(String message, String fallback) {
    return message == null || message.isBlank() ? fallback : message;
  }
}
