package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.List;
import java.util.UUID;

/** A goal with requirements, acceptance criteria and constraints, executed as a chain of steps. */
record Directive(UUID id, UUID ownerId, String title, String goal, Object requirements, Object acceptanceCriteria,
                 Object constraints, DirectiveStatus status, String repositoryUrl, String localPath, String baseBranch,
                 String reconcileMode, int maxChainRegenerations, int chainGenerationCount, int maxReworkCycles,
                 double confidenceThresholdGreen, double confidenceThresholdYellow, UUID currentChainId,
                 UUID orchestratorContractId, int version, String createdAt, String updatedAt) {

  static Directive fromRow(Row row) {
    return new Directive(row.getUUID("id"), row.getUUID("owner_id"), row.getString("title"), row.getString("goal"),
      row.getValue("requirements"), row.getValue("acceptance_criteria"), row.getValue("constraints"),
      DirectiveStatus.fromWire(row.getString("status")), row.getString("repository_url"),
      row.getString("local_path"), row.getString("base_branch"), row.getString("reconcile_mode"),
      row.getInteger("max_chain_regenerations"), row.getInteger("chain_generation_count"),
      row.getInteger("max_rework_cycles"), row.getDouble("confidence_threshold_green"),
      row.getDouble("confidence_threshold_yellow"), row.getUUID("current_chain_id"),
      row.getUUID("orchestrator_contract_id"), row.getInteger("version"), Rows.isoTime(row, "created_at"),
      Rows.isoTime(row, "updated_at"));
  }

  /** Where the directive's work happens: its repository's URL, else its local path; null when it has neither. */
  String location() {
    return repositoryUrl != null ? repositoryUrl : localPath;
  }

  /** The directive's repository as the contracts of its steps and planner name it; none when it has none. */
  List<SourceRepository> repositories() {
    return location() == null ? List.of()
      : List.of(new SourceRepository(null, "directive", repositoryUrl, localPath, true, null));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("ownerId", ownerId.toString())
      .put("title", title)
      .put("goal", goal)
      .put("requirements", requirements)
      .put("acceptanceCriteria", acceptanceCriteria)
      .put("constraints", constraints)
      .put("status", status.wire())
      .put("repositoryUrl", repositoryUrl)
      .put("localPath", localPath)
      .put("baseBranch", baseBranch)
      .put("reconcileMode", reconcileMode)
      .put("maxChainRegenerations", maxChainRegenerations)
      .put("chainGenerationCount", chainGenerationCount)
      .put("maxReworkCycles", maxReworkCycles)
      .put("confidenceThresholdGreen", confidenceThresholdGreen)
      .put("confidenceThresholdYellow", confidenceThresholdYellow)
      .put("currentChainId", text(currentChainId))
      .put("orchestratorContractId", text(orchestratorContractId))
      .put("version", version)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}
