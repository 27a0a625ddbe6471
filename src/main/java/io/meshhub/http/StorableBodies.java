package io.meshhub.http;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.UnstorableText;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Refuses a JSON body that carries the character U+0000, with a 400 naming the field: no column can store it, and
 * the statement that tried would fail as an internal error (found by the HTTP fuzzer). Bodies without the escape —
 * all but the hostile — pass after a scan of their bytes.
 */
final class StorableBodies implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext context) {
    Buffer body = context.body().buffer();
    if (body == null || !UnstorableText.mayBeIn(body)) {
      context.next();
      return;
    }
    Optional<String> field;
    try {
      field = UnstorableText.findIn(Json.decodeValue(body));
    } catch (DecodeException malformed) {
      // Not JSON at all: the validator says so.
      context.next();
      return;
    }
    if (field.isEmpty()) {
      context.next();
      return;
    }
    context.fail(new ApiException(ErrorCode.VALIDATION_ERROR, field.get().isEmpty()
      ? "the body contains the character U+0000, which cannot be stored"
      : "body field '" + field.get() + "' contains the character U+0000, which cannot be stored"));
  }
}
