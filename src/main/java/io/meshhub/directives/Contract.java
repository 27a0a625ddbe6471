package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A unit of work: a supervisor task, worker tasks, repositories and files. */
public record Contract(UUID id, UUID ownerId, String name, String description, String contractType, String phase,
                       ContractStatus status, boolean localOnly, boolean autoMergeLocal, boolean autonomousLoop,
                       boolean phaseGuard, boolean redTeamEnabled, String redTeamPrompt, UUID supervisorTaskId,
                       UUID directiveId, boolean isDirectiveOrchestrator, int version, String createdAt,
                       String updatedAt, String completedAt) {

  static Contract fromRow(Row row) {
    return new Contract(row.getUUID("id"), row.getUUID("owner_id"), row.getString("name"),
      row.getString("description"), row.getString("contract_type"), row.getString("phase"),
      ContractStatus.fromWire(row.getString("status")), row.getBoolean("local_only"),
      row.getBoolean("auto_merge_local"), row.getBoolean("autonomous_loop"), row.getBoolean("phase_guard"),
      row.getBoolean("red_team_enabled"), row.getString("red_team_prompt"), row.getUUID("supervisor_task_id"),
      row.getUUID("directive_id"), row.getBoolean("is_directive_orchestrator"), row.getInteger("version"),
      Rows.isoTime(row, "created_at"), Rows.isoTime(row, "updated_at"), Rows.isoTime(row, "completed_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("ownerId", ownerId.toString())
      .put("name", name)
      .put("description", description)
      .put("contractType", contractType)
      .put("phase", phase)
      .put("status", status.wire())
      .put("localOnly", localOnly)
      .put("autoMergeLocal", autoMergeLocal)
      .put("autonomousLoop", autonomousLoop)
      .put("phaseGuard", phaseGuard)
      .put("redTeamEnabled", redTeamEnabled)
      .put("redTeamPrompt", redTeamPrompt)
      .put("supervisorTaskId", text(supervisorTaskId))
      .put("directiveId", text(directiveId))
      .put("isDirectiveOrchestrator", isDirectiveOrchestrator)
      .put("version", version)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt)
      .put("completedAt", completedAt);
  }
}
