package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.meshhub.core.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One agent run, as stored and as the API shows it. Times are ISO-8601 UTC strings. */
public record Task(
  UUID id, UUID ownerId, String name, String plan, TaskStatus status, int priority, int version, UUID daemonId,
  UUID contractId, UUID directiveId, UUID directiveStepId, UUID parentTaskId, int depth, boolean isSupervisor,
  boolean isRedTeam, String repositoryUrl, String baseBranch, String targetBranch, int retryCount, int maxRetries,
  List<UUID> failedDaemonIds, String errorMessage, String outputSummary, String createdAt, String updatedAt,
  String startedAt, String completedAt) {

  public static Task fromRow(Row row) {
    return new Task(
      row.getUUID("id"), row.getUUID("owner_id"), row.getString("name"), row.getString("plan"),
      TaskStatus.fromWire(row.getString("status")), row.getInteger("priority"), row.getInteger("version"),
      row.getUUID("daemon_id"), row.getUUID("contract_id"), row.getUUID("directive_id"),
      row.getUUID("directive_step_id"), row.getUUID("parent_task_id"), row.getInteger("depth"),
      row.getBoolean("is_supervisor"), row.getBoolean("is_red_team"), row.getString("repository_url"),
      row.getString("base_branch"), row.getString("target_branch"), row.getInteger("retry_count"),
      row.getInteger("max_retries"), List.of(row.getArrayOfUUIDs("failed_daemon_ids")), row.getString("error_message"),
      row.getString("output_summary"), Rows.isoTime(row, "created_at"), Rows.isoTime(row, "updated_at"),
      Rows.isoTime(row, "started_at"), Rows.isoTime(row, "completed_at"));
  }

  /** The first row as a task, or empty. */
  static Optional<Task> first(RowSet<Row> rows) {
    return Rows.first(rows).map(Task::fromRow);
  }

  static List<Task> all(RowSet<Row> rows) {
    return Rows.list(rows, Task::fromRow);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("ownerId", ownerId.toString())
      .put("name", name)
      .put("plan", plan)
      .put("status", status.wire())
      .put("priority", priority)
      .put("version", version)
      .put("daemonId", text(daemonId))
      .put("contractId", text(contractId))
      .put("directiveId", text(directiveId))
      .put("directiveStepId", text(directiveStepId))
      .put("parentTaskId", text(parentTaskId))
      .put("depth", depth)
      .put("isSupervisor", isSupervisor)
      .put("isRedTeam", isRedTeam)
      .put("repositoryUrl", repositoryUrl)
      .put("baseBranch", baseBranch)
      .put("targetBranch", targetBranch)
      .put("retryCount", retryCount)
      .put("maxRetries", maxRetries)
      .put("failedDaemonIds", new JsonArray(failedDaemonIds.stream().map(UUID::toString).toList()))
      .put("errorMessage", errorMessage)
      .put("outputSummary", outputSummary)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt)
      .put("startedAt", startedAt)
      .put("completedAt", completedAt);
  }

  public static Task fromJson(JsonObject json) {
    return new Task(
      uuid(json, "id"), uuid(json, "ownerId"), json.getString("name"), json.getString("plan"),
      TaskStatus.fromWire(json.getString("status")), json.getInteger("priority"), json.getInteger("version"),
      uuid(json, "daemonId"), uuid(json, "contractId"), uuid(json, "directiveId"), uuid(json, "directiveStepId"),
      uuid(json, "parentTaskId"), json.getInteger("depth"), json.getBoolean("isSupervisor"),
      json.getBoolean("isRedTeam", false),
      json.getString("repositoryUrl"), json.getString("baseBranch"), json.getString("targetBranch"),
      json.getInteger("retryCount"), json.getInteger("maxRetries"),
      json.getJsonArray("failedDaemonIds").stream().map(id -> UUID.fromString((String) id)).toList(),
      json.getString("errorMessage"), json.getString("outputSummary"), json.getString("createdAt"),
      json.getString("updatedAt"), json.getString("startedAt"), json.getString("completedAt"));
  }
}
