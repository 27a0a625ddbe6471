package io.meshhub.supervisor;

import io.meshhub.core.Rows;
import io.meshhub.scheduler.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the supervisor endpoints read: a contract's tasks, its repository, a task's checkpoints. */
final class SupervisorRepository {

  private static final String CONTRACT = "select supervisor_task_id from contracts where id = $1 and owner_id = $2";
  private static final String CONTRACT_TASKS = """
    select * from tasks where contract_id = $1 and owner_id = $2 order by created_at, id""";
  /** "The contract's repository": the primary one, else the first; its URL, else its local path. */
  private static final String CONTRACT_REPOSITORY = """
    select coalesce(repository_url, local_path) as location from contract_repositories
    where contract_id = $1 and owner_id = $2
    order by is_primary desc, created_at, id
    limit 1""";
  /** Checkpoints as listed: without the patch a supervisor's checkpoint keeps. */
  private static final String CHECKPOINTS = """
    select id, task_id, checkpoint_number, commit_sha, branch_name, message, files_changed, lines_added,
           lines_removed, created_at
    from checkpoints where task_id = $1 and owner_id = $2 order by checkpoint_number
    limit $3 offset $4""";
  private static final String LATEST_CHECKPOINT = """
    select id, task_id, checkpoint_number, commit_sha, branch_name, message, files_changed, lines_added,
           lines_removed, created_at
    from checkpoints where task_id = $1 and owner_id = $2 order by checkpoint_number desc limit 1""";

  private final Pool pool;

  SupervisorRepository(Pool pool) {
    this.pool = pool;
  }

  /** The contract's supervisor task id, wrapped: empty when the contract is not the owner's. */
  Future<Optional<Optional<UUID>>> contractSupervisor(UUID ownerId, UUID contractId) {
    return pool.preparedQuery(CONTRACT).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.first(rows).map(row -> Optional.ofNullable(row.getUUID("supervisor_task_id"))));
  }

  Future<List<Task>> contractTasks(UUID ownerId, UUID contractId) {
    return pool.preparedQuery(CONTRACT_TASKS).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.list(rows, Task::fromRow));
  }

  Future<Optional<String>> contractRepository(UUID ownerId, UUID contractId) {
    return pool.preparedQuery(CONTRACT_REPOSITORY).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.first(rows).map(row -> row.getString("location")));
  }

  Future<List<JsonObject>> checkpoints(UUID ownerId, UUID taskId, int limit, long offset) {
    return pool.preparedQuery(CHECKPOINTS).execute(Tuple.of(taskId, ownerId, limit, offset))
      .map(rows -> Rows.list(rows, SupervisorRepository::checkpoint));
  }

  Future<Optional<JsonObject>> latestCheckpoint(UUID ownerId, UUID taskId) {
    return pool.preparedQuery(LATEST_CHECKPOINT).execute(Tuple.of(taskId, ownerId))
      .map(rows -> Rows.first(rows).map(SupervisorRepository::checkpoint));
  }

  private static JsonObject checkpoint(io.vertx.sqlclient.Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("taskId", row.getUUID("task_id").toString())
      .put("checkpointNumber", row.getInteger("checkpoint_number"))
      .put("commitSha", row.getString("commit_sha"))
      .put("branchName", row.getString("branch_name"))
      .put("message", row.getString("message"))
      .put("filesChanged", row.getInteger("files_changed"))
      .put("linesAdded", row.getInteger("lines_added"))
      .put("linesRemoved", row.getInteger("lines_removed"))
      .put("createdAt", Rows.isoTime(row, "created_at"));
  }
}
