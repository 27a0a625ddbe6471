package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A contract to create, as it travels to the directive engine. {@link #fromRequest} is the one place where the
 * defaults of {@code POST /api/v1/contracts} are applied; the engine makes its own contracts (a step's, a monitor, a
 * planning contract) with the factories below.
 */
record NewContract(UUID ownerId, String name, String description, String contractType, String phase,
                   boolean localOnly, boolean autoMergeLocal, boolean autonomousLoop, boolean phaseGuard,
                   boolean redTeamEnabled, String redTeamPrompt, UUID directiveId, boolean directiveOrchestrator,
                   String supervisorPlan, List<SourceRepository> repositories) {

  static final String SIMPLE = "simple";
  static final String MONITORING = "monitoring";
  static final String PLAN_PHASE = "plan";

  /** An owner's request body, as the OpenAPI document allows it, with the defaults of absent fields. */
  static NewContract fromRequest(UUID ownerId, JsonObject body) {
    return new NewContract(ownerId, body.getString("name"), body.getString("description"),
      body.getString("contractType", SIMPLE), body.getString("phase", PLAN_PHASE),
      body.getBoolean("localOnly", false), body.getBoolean("autoMergeLocal", false),
      body.getBoolean("autonomousLoop", false), body.getBoolean("phaseGuard", false),
      body.getBoolean("redTeamEnabled", false), body.getString("redTeamPrompt"), uuid(body, "directiveId"),
      body.getBoolean("isDirectiveOrchestrator", false), body.getString("supervisorPlan"),
      body.getJsonArray("repositories", new JsonArray()).stream()
        .map(repository -> SourceRepository.fromRequest((JsonObject) repository)).toList());
  }

  /** A step's contract: its agent loops on its own, and merges locally when the directive has no repository. */
  static NewContract ofStep(UUID ownerId, String name, UUID directiveId, List<SourceRepository> repositories) {
    boolean local = repositories.isEmpty();
    return new NewContract(ownerId, name, null, SIMPLE, PLAN_PHASE, local, local, true, false, false, null,
      directiveId, false, null, repositories);
  }

  /** A step's monitoring contract, where its evaluator writes the verdict. */
  static NewContract monitorOf(UUID ownerId, String stepName, UUID directiveId) {
    return new NewContract(ownerId, stepName + " - Monitor", null, MONITORING, PLAN_PHASE, true, false, false,
      false, false, null, directiveId, false, null, List.of());
  }

  /** A directive's planning contract, whose supervisor is the planner. */
  static NewContract planningOf(UUID ownerId, String title, UUID directiveId, List<SourceRepository> repositories) {
    return new NewContract(ownerId, title + " - Planning", null, SIMPLE, PLAN_PHASE, true, false, false, false,
      false, null, directiveId, true, null, repositories);
  }

  JsonObject toJson() {
    return new JsonObject().put("ownerId", ownerId.toString()).put("name", name).put("description", description)
      .put("contractType", contractType).put("phase", phase).put("localOnly", localOnly)
      .put("autoMergeLocal", autoMergeLocal).put("autonomousLoop", autonomousLoop).put("phaseGuard", phaseGuard)
      .put("redTeamEnabled", redTeamEnabled).put("redTeamPrompt", redTeamPrompt)
      .put("directiveId", text(directiveId)).put("isDirectiveOrchestrator", directiveOrchestrator)
      .put("supervisorPlan", supervisorPlan)
      .put("repositories", new JsonArray(repositories.stream().map(SourceRepository::toJson).toList()));
  }

  /** The same as sent: every field is present, so the request's defaults are not applied twice. */
  static NewContract fromJson(JsonObject json) {
    return fromRequest(uuid(json, "ownerId"), json);
  }
}
