package io.meshhub.questions;

import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The messages of the question broker besides {@link AskRequest} (see {@link QuestionsAddresses}), one record
 * each, so that sender and broker agree by type rather than by field names.
 */
final class QuestionMessages {

  private QuestionMessages() {
  }

  /** A task polls for the answer to its question. */
  record Poll(UUID ownerId, UUID taskId, UUID questionId) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("taskId", taskId.toString())
        .put("questionId", questionId.toString());
    }

    static Poll fromJson(JsonObject json) {
      return new Poll(uuid(json, "ownerId"), uuid(json, "taskId"), uuid(json, "questionId"));
    }
  }

  /** The owner answers a question (a multi-select answer already joined by commas). */
  record Answer(UUID ownerId, UUID questionId, String response) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("questionId", questionId.toString())
        .put("response", response);
    }

    static Answer fromJson(JsonObject json) {
      return new Answer(uuid(json, "ownerId"), uuid(json, "questionId"), json.getString("response"));
    }
  }

  /** A fact about one question: answered, cancelled, or its answer undelivered. */
  record QuestionRef(UUID questionId) {

    JsonObject toJson() {
      return new JsonObject().put("questionId", questionId.toString());
    }

    static QuestionRef fromJson(JsonObject json) {
      return new QuestionRef(uuid(json, "questionId"));
    }
  }

  /** The HTTP request with this id went away while it waited. */
  record ClientGone(String requestId) {

    JsonObject toJson() {
      return new JsonObject().put("requestId", requestId);
    }

    static ClientGone fromJson(JsonObject json) {
      return new ClientGone(json.getString("requestId"));
    }
  }
}
