package io.meshhub.questions;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * What an ask or a poll returns: the answer, or that there is none yet ({@code stillPending}), or that the question
 * timed out ({@code timedOut}, answered with HTTP 408).
 */
record AskResult(UUID questionId, String response, boolean timedOut, boolean stillPending) {

  static AskResult answered(UUID questionId, String response) {
    return new AskResult(questionId, response, false, false);
  }

  static AskResult notYet(UUID questionId) {
    return new AskResult(questionId, null, false, true);
  }

  static AskResult timedOut(UUID questionId) {
    return new AskResult(questionId, null, true, false);
  }

  boolean isAnswer() {
    return response != null;
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("questionId", questionId.toString())
      .put("response", response)
      .put("timedOut", timedOut)
      .put("stillPending", stillPending);
  }

  static AskResult fromJson(JsonObject json) {
    return new AskResult(uuid(json, "questionId"), json.getString("response"), json.getBoolean("timedOut"),
      json.getBoolean("stillPending"));
  }
}
