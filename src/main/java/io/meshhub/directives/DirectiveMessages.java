package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.UUID;

/**
 * The requests the directive engine's verticle answers (see {@link DirectivesAddresses}), one record each, so that
 * the routes that send them and the verticle that reads them agree by type rather than by field names.
 */
final class DirectiveMessages {

  private DirectiveMessages() {
  }

  /** An edit of one of the owner's contracts, orders or directives: at {@code version} when it has one. */
  record Edit(UUID ownerId, UUID id, Integer version, JsonObject changes) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("id", id.toString()).put("version", version)
        .put("changes", changes);
    }

    static Edit fromJson(JsonObject json) {
      return new Edit(uuid(json, "ownerId"), uuid(json, "id"), json.getInteger("version"),
        json.getJsonObject("changes"));
    }
  }

  /** One of the owner's contracts, orders or directives; {@code taskId} is the task asking, if a task asks. */
  record Ref(UUID ownerId, UUID id, UUID taskId) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("id", id.toString()).put("taskId", text(taskId));
    }

    static Ref fromJson(JsonObject json) {
      return new Ref(uuid(json, "ownerId"), uuid(json, "id"), uuid(json, "taskId"));
    }
  }

  /** What an owner may do to a directive's lifecycle. */
  enum Action {
    START, PAUSE, RESUME, ARCHIVE;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A directive started, paused, resumed or archived. */
  record Move(UUID ownerId, UUID directiveId, Action action) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("directiveId", directiveId.toString())
        .put("action", action.name());
    }

    static Move fromJson(JsonObject json) {
      return new Move(uuid(json, "ownerId"), uuid(json, "directiveId"), Action.valueOf(json.getString("action")));
    }
  }

  /** A plan for a planning directive, from its owner or its planner task ({@code taskId}). */
  record PlanSubmission(UUID ownerId, UUID directiveId, JsonObject plan, UUID taskId) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("directiveId", directiveId.toString())
        .put("plan", plan).put("taskId", text(taskId));
    }

    static PlanSubmission fromJson(JsonObject json) {
      return new PlanSubmission(uuid(json, "ownerId"), uuid(json, "directiveId"), json.getJsonObject("plan"),
        uuid(json, "taskId"));
    }
  }

  /** A step of the directive's current chain, to be judged again. */
  record StepEvaluation(UUID ownerId, UUID directiveId, UUID stepId) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("directiveId", directiveId.toString())
        .put("stepId", stepId.toString());
    }

    static StepEvaluation fromJson(JsonObject json) {
      return new StepEvaluation(uuid(json, "ownerId"), uuid(json, "directiveId"), uuid(json, "stepId"));
    }
  }

  /** A new draft directive, as the owner's request body gives it. */
  record NewDirective(UUID ownerId, JsonObject directive) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("directive", directive);
    }

    static NewDirective fromJson(JsonObject json) {
      return new NewDirective(uuid(json, "ownerId"), json.getJsonObject("directive"));
    }
  }

  /** A repository added to a contract, as the request body gives it. */
  record NewRepository(UUID ownerId, UUID contractId, JsonObject repository) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("contractId", contractId.toString())
        .put("repository", repository);
    }

    static NewRepository fromJson(JsonObject json) {
      return new NewRepository(uuid(json, "ownerId"), uuid(json, "contractId"), json.getJsonObject("repository"));
    }
  }

  /** A file written to a contract: its name and its body of elements. */
  record NewFile(UUID ownerId, UUID contractId, String name, JsonArray body) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("contractId", contractId.toString())
        .put("name", name).put("body", body);
    }

    static NewFile fromJson(JsonObject json) {
      return new NewFile(uuid(json, "ownerId"), uuid(json, "contractId"), json.getString("name"),
        json.getJsonArray("body"));
    }
  }

  /** An order filed by the owner, or by a task of {@code directiveId} ({@code fromTask}). */
  record NewOrder(UUID ownerId, JsonObject order, UUID directiveId, boolean fromTask) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("order", order)
        .put("directiveId", text(directiveId)).put("fromTask", fromTask);
    }

    static NewOrder fromJson(JsonObject json) {
      return new NewOrder(uuid(json, "ownerId"), json.getJsonObject("order"), uuid(json, "directiveId"),
        json.getBoolean("fromTask", false));
    }
  }
}
