package io.meshhub.core;

import io.vertx.core.json.JsonObject;

/** The body of every error response: {@code {"code": "UPPER_SNAKE", "message": "human sentence"}}. */
public record ApiError(ErrorCode code, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("code", code.wire()).put("message", message);
  }
}
