package io.meshhub.daemons;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * What daemons report about their tasks besides status: output, checkpoints (with the latest patch a retry resumes
 * from) and the agent's conversation. Each statement is fenced by the task's daemon: a report about a task that is
 * not on that daemon touches nothing and returns no row.
 */
final class TaskReportRepository {

  private static final String ON_DAEMON = """
    select id, owner_id from tasks where id = $1 and daemon_id = $2 and status in ('starting', 'running', 'paused')""";
  /**
   * Appends an output entry to the task's log, and finds the red-team monitor that watches the task: one running for
   * the task's contract, when the task is work (neither the supervisor nor the monitor itself).
   */
  private static final String APPEND_OUTPUT = """
    with task as (
      select id, owner_id, contract_id, name, not is_supervisor and not is_red_team as watched from tasks
      where id = $1 and daemon_id = $2 and status in ('starting', 'running', 'paused')),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'output', $3 from task)
    select t.name, m.id as monitor_id, m.daemon_id as monitor_daemon_id
    from task t
    left join tasks m on t.watched and m.contract_id = t.contract_id and m.is_red_team
                         and m.status in ('starting', 'running', 'paused')""";
  /**
   * Numbers checkpoints per task; with a patch, it becomes the task's latest, replacing the one before. A
   * supervisor's checkpoint keeps its own patch too: a supervisor may be resumed from any of its checkpoints.
   */
  private static final String ADD_CHECKPOINT = """
    with task as (
      select id, owner_id, is_supervisor from tasks
      where id = $1 and daemon_id = $2 and status in ('starting', 'running', 'paused')
      for update),
    checkpoint as (
      insert into checkpoints (task_id, owner_id, checkpoint_number, commit_sha, branch_name, message,
                               files_changed, lines_added, lines_removed, patch_data, patch_base_sha)
      select t.id, t.owner_id,
             coalesce((select max(c.checkpoint_number) from checkpoints c where c.task_id = t.id), 0) + 1,
             $3, $4, $5, $6, $7, $8, case when t.is_supervisor then $9 end, case when t.is_supervisor then $10 end
      from task t
      returning *),
    patch as (
      insert into checkpoint_patches (task_id, owner_id, checkpoint_id, patch_data, patch_base_sha)
      select task_id, owner_id, id, $9, $10 from checkpoint where $9::text is not null
      on conflict (task_id) do update set checkpoint_id = excluded.checkpoint_id, patch_data = excluded.patch_data,
        patch_base_sha = excluded.patch_base_sha, created_at = now()),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select task_id, owner_id, 'checkpoint',
             jsonb_build_object('checkpointNumber', checkpoint_number, 'commitSha', commit_sha)
      from checkpoint)
    select owner_id, checkpoint_number from checkpoint""";
  private static final String SAVE_CONVERSATION = """
    update tasks set conversation_history = $3
    where id = $1 and daemon_id = $2 and status in ('starting', 'running', 'paused')
    returning owner_id""";

  private final Pool pool;

  TaskReportRepository(Pool pool) {
    this.pool = pool;
  }

  /** Whether the task is on this daemon now. */
  Future<Boolean> isOnDaemon(UUID taskId, UUID daemonId) {
    return pool.preparedQuery(ON_DAEMON).execute(Tuple.of(taskId, daemonId)).map(rows -> rows.size() == 1);
  }

  /** An output entry kept: the task's name, and the red-team monitor that watches it, if one runs. */
  record Appended(String taskName, UUID monitorTaskId, UUID monitorDaemonId) {

    boolean watched() {
      return monitorDaemonId != null;
    }
  }

  /** Appends an output entry to the task's log; empty when the task is not on this daemon. */
  Future<Optional<Appended>> appendOutput(UUID taskId, UUID daemonId, JsonObject output) {
    return pool.preparedQuery(APPEND_OUTPUT).execute(Tuple.of(taskId, daemonId, output))
      .map(rows -> Rows.first(rows).map(row -> new Appended(row.getString("name"), row.getUUID("monitor_id"),
        row.getUUID("monitor_daemon_id"))));
  }

  /** Records a checkpoint; false when the task is not on this daemon. */
  Future<Boolean> addCheckpoint(UUID taskId, UUID daemonId, JsonObject frame) {
    Tuple params = Tuple.of(taskId, daemonId, frame.getString("commitSha"), frame.getString("branchName"),
      frame.getString("message"), frame.getInteger("filesChanged"), frame.getInteger("linesAdded"),
      frame.getInteger("linesRemoved"), frame.getString("patchData"), frame.getString("patchBaseSha"));
    return pool.preparedQuery(ADD_CHECKPOINT).execute(params).map(rows -> rows.size() == 1);
  }

  /** Keeps the agent's latest conversation; false when the task is not on this daemon. */
  Future<Boolean> saveConversation(UUID taskId, UUID daemonId, JsonArray messages) {
    return pool.preparedQuery(SAVE_CONVERSATION).execute(Tuple.of(taskId, daemonId, messages))
      .map(rows -> rows.size() == 1);
  }
}
