package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tasks as their owner sees and changes them, and their event logs. Every statement names the owner, so a task of
 * another owner is simply not found; every change writes its log entry in the same statement.
 */
final class TaskRepository {

  /** A cancelled task and the status it was cancelled from. */
  record Cancelled(Task task, TaskStatus previousStatus) {
  }

  /**
   * Inserts a batch of tasks ({@link TaskCreation#params}), each with the id chosen for it; a task whose named contract is not its owner's is not
   * inserted. A spawn is written to the owner's history.
   */
  private static final String INSERT_ALL = """
    with requested as (
      select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[],
                           $8::text[], $9::uuid[], $10::uuid[], $11::int[], $12::int[], $13::bool[], $14::uuid[],
                           $15::text[], $16::uuid[], $17::uuid[], $18::uuid[])
        as r (id, owner_id, name, plan, priority, repository_url, base_branch, target_branch, contract_id,
              parent_task_id, depth, max_retries, is_supervisor, supervisor_worktree_task_id, checkpoint_sha,
              spawned_by, directive_id, directive_step_id)),
    task as (
      insert into tasks (id, owner_id, name, plan, priority, repository_url, base_branch, target_branch, contract_id,
                         parent_task_id, depth, max_retries, is_supervisor, supervisor_worktree_task_id,
                         checkpoint_sha, directive_id, directive_step_id)
      select id, owner_id, name, plan, priority, repository_url, base_branch, target_branch, contract_id,
             parent_task_id, depth, max_retries, is_supervisor, supervisor_worktree_task_id, checkpoint_sha,
             directive_id, directive_step_id
      from requested r
      where r.contract_id is null
         or exists (select 1 from contracts c where c.id = r.contract_id and c.owner_id = r.owner_id)
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'pending', 'reason', 'created') from task),
    spawned as (
      insert into history_events (owner_id, contract_id, task_id, entity, action, actor, data)
      select t.owner_id, t.contract_id, t.id, 'task', 'spawned', 'task', jsonb_build_object('spawnedBy', r.spawned_by)
      from task t join requested r on r.id = t.id
      where r.spawned_by is not null)
    select * from task""";
  /**
   * The contract's red-team monitor, unless it has one (the unique index on red-team tasks per contract settles a
   * race between starts on several nodes): no repository, no parent, above ordinary work so that it watches from
   * the start.
   */
  private static final String INSERT_RED_TEAM = """
    with task as (
      insert into tasks (owner_id, name, plan, priority, contract_id, max_retries, is_red_team)
      select $1, 'Red Team Monitor', $3, $4, $2, $5, true
      where exists (select 1 from contracts c where c.id = $2 and c.owner_id = $1)
      on conflict (contract_id) where is_red_team do nothing
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'pending', 'reason', 'created') from task)
    select * from task""";
  private static final String FIND = "select * from tasks where id = $1 and owner_id = $2";
  /**
   * A list carries what it shows: no conversations, and plans cut to their first 4 KiB ({@code truncated} says
   * so; {@code GET …/{id}} has the whole plan).
   */
  private static final String LIST = """
    select id, owner_id, name, left(plan, 4096) as plan, length(plan) > 4096 as truncated, status, priority,
           version, daemon_id, contract_id, directive_id, directive_step_id, parent_task_id, depth, is_supervisor,
           is_red_team, repository_url, base_branch, target_branch, retry_count, max_retries, failed_daemon_ids,
           error_message, output_summary, created_at, updated_at, started_at, completed_at
    from tasks
    where owner_id = $1
      and ($2::text is null or status = $2)
      and ($3::uuid is null or contract_id = $3)
      and ($4::uuid is null or directive_id = $4)
      and ($5::uuid is null or daemon_id = $5)
    order by created_at desc, id
    limit $6 offset $7""";
  /** Applies only to the version the caller saw, and only while pending: the guard holds across hub nodes. */
  private static final String PATCH_PENDING = """
    update tasks
    set name = coalesce($4, name), plan = coalesce($5, plan), priority = coalesce($6, priority),
        version = version + 1, updated_at = now()
    where id = $1 and owner_id = $2 and version = $3 and status = 'pending'
    returning *""";
  /** Cancels unless final; a task on a daemon gives its slot back, and its tool keys die with it. */
  private static final String CANCEL = """
    with previous as (
      select id, status from tasks where id = $1 and owner_id = $2 for update),
    task as (
      update tasks t set status = 'cancelled', version = t.version + 1, updated_at = now(), completed_at = now()
      from previous p
      where t.id = p.id and p.status not in ('done', 'failed', 'merged', 'cancelled')
      returning t.*, p.status as previous_status),
    freed as (
      update daemons set current_task_count = greatest(current_task_count - 1, 0)
      where id = (select daemon_id from task where previous_status in ('starting', 'running', 'paused'))),
    revoked as (
      update tool_keys set revoked_at = now()
      where task_id = $1 and revoked_at is null and exists (select 1 from task)),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'cancelled', 'reason', 'cancelled by owner')
      from task)
    select * from task""";
  /** Re-queues a task that failed or was cancelled, as a fresh start: no retries used, no daemon excluded. */
  private static final String RETRY = """
    with task as (
      update tasks set status = 'pending', retry_count = 0, failed_daemon_ids = '{}', error_message = null,
                       daemon_id = null, started_at = null, completed_at = null, version = version + 1,
                       updated_at = now()
      where id = $1 and owner_id = $2 and status in ('failed', 'cancelled')
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'pending', 'reason', 're-queued by owner')
      from task)
    select * from task""";
  /** A done task whose work was merged into its target. */
  private static final String MARK_MERGED = """
    with task as (
      update tasks set status = 'merged', version = version + 1, updated_at = now()
      where id = $1 and owner_id = $2 and status = 'done'
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'merged') from task)
    select * from task""";
  /**
   * A supervisor to resume, locked: its status, whether it is on a daemon that is connected, whether an earlier
   * resume still waits for a daemon, and whether any daemon of its owner has a free slot.
   */
  private static final String RESUMABLE = """
    select t.status, coalesce(d.status = 'connected', false) as daemon_connected,
           t.resume_request is not null as resume_waiting,
           exists (select 1 from daemons f where f.owner_id = t.owner_id and f.status = 'connected'
                   and f.current_task_count < f.max_concurrent_tasks) as slot_free
    from tasks t left join daemons d on d.id = t.daemon_id
    where t.id = $1 and t.owner_id = $2 and t.is_supervisor
    for update of t""";
  /**
   * Re-queues the supervisor with the owner's resume request and the conversation it resumes with, and records the
   * restoration in its contract's supervisor state: the task's move and the restoration are one transaction. The
   * task counts as retried (so that it resumes its session) without using up another retry. Its daemon, if it
   * was on one, is disconnected: that daemon's slots were given back when it was lost.
   */
  private static final String RESUME = """
    with task as (
      update tasks set status = 'pending', daemon_id = null, resume_request = $2, conversation_history = $3,
                       retry_count = greatest(retry_count, 1), error_message = null, completed_at = null,
                       version = version + 1, updated_at = now()
      where id = $1
      returning *),
    revoked as (
      update tool_keys set revoked_at = now() where task_id = $1 and revoked_at is null),
    restored as (
      update supervisor_states set restoration_count = restoration_count + 1, last_restored_at = now(),
        restoration_source = 'manual', conversation_history = $3, current_activity = 'Resumed by the owner',
        updated_at = now()
      where task_id = $1
      returning restoration_count),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'pending', 'reason', $4::text) from task)
    select task.*, (select restoration_count from restored) as restoration_count from task""";
  private static final String EVENTS = """
    select * from task_events
    where task_id = $1 and owner_id = $2 and id > $3
    order by id
    limit $4""";

  private final Pool pool;

  TaskRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates the pending tasks; for each, the task, or empty when its contract is not the owner's. */
  Future<List<Optional<Task>>> insertAll(List<TaskCreation> creations) {
    return pool.preparedQuery(INSERT_ALL).execute(TaskCreation.params(creations)).map(rows -> {
      Map<UUID, Task> inserted = Task.all(rows).stream().collect(Collectors.toMap(Task::id, Function.identity()));
      return creations.stream().map(creation -> Optional.ofNullable(inserted.get(creation.id()))).toList();
    });
  }

  /** Creates the contract's red-team monitor; empty when it has one already (or the contract is not the owner's). */
  Future<Optional<Task>> insertRedTeamMonitor(UUID ownerId, UUID contractId, String plan, int priority,
                                              int maxRetries) {
    return pool.preparedQuery(INSERT_RED_TEAM).execute(Tuple.of(ownerId, contractId, plan, priority, maxRetries))
      .map(Task::first);
  }

  Future<Optional<Task>> find(UUID ownerId, UUID taskId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(taskId, ownerId)).map(Task::first);
  }

  /** The tasks as a list shows them (see {@link #LIST}). */
  Future<List<JsonObject>> list(UUID ownerId, TaskQuery query) {
    Tuple params = Tuple.of(ownerId, query.status() == null ? null : query.status().wire(), query.contractId(),
      query.directiveId(), query.daemonId(), query.limit(), query.offset());
    return pool.preparedQuery(LIST).execute(params).map(rows -> Rows.list(rows, row -> Task.fromRow(row).toJson()
      .put("truncated", row.getBoolean("truncated"))));
  }

  Future<Optional<Task>> patchPending(TaskPatch patch) {
    Tuple params = Tuple.of(patch.taskId(), patch.ownerId(), patch.version(), patch.name(), patch.plan(),
      patch.priority());
    return pool.preparedQuery(PATCH_PENDING).execute(params).map(Task::first);
  }

  /** Cancels the task unless it is already final; empty when nothing was cancelled. */
  Future<Optional<Cancelled>> cancel(TaskRef ref) {
    return pool.preparedQuery(CANCEL).execute(Tuple.of(ref.taskId(), ref.ownerId())).map(rows -> Rows.first(rows)
      .map(row -> new Cancelled(Task.fromRow(row), TaskStatus.fromWire(row.getString("previous_status")))));
  }

  /** Re-queues a failed or cancelled task; empty when it is in no such state. */
  Future<Optional<Task>> retry(TaskRef ref) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(ref.taskId(), ref.ownerId())).map(Task::first);
  }

  /** Marks a done task merged; empty when it is not done. */
  Future<Optional<Task>> markMerged(TaskRef ref) {
    return pool.preparedQuery(MARK_MERGED).execute(Tuple.of(ref.taskId(), ref.ownerId())).map(Task::first);
  }

  /** A supervisor re-queued by its owner's resume, and the restoration count its state now has. */
  record Resumed(Task task, int restorationCount) {
  }

  /**
   * Re-queues the owner's supervisor task for a resume, refused when it still runs on a connected daemon, when an
   * earlier resume still waits, when it is done, or when no daemon of the owner has a free slot.
   */
  Future<Resumed> resume(ResumeRequest request) {
    return pool.withTransaction(conn -> conn.preparedQuery(RESUMABLE).execute(Tuple.of(request.taskId(),
        request.ownerId()))
      .compose(rows -> {
        refuseResume(Rows.first(rows).orElseThrow(() -> ApiException.notFound("supervisor task")));
        return conn.preparedQuery(RESUME).execute(Tuple.of(request.taskId(), request.stored(),
          request.conversation(), "resumed by the owner (" + request.mode().wire() + ")"));
      })
      .map(rows -> {
        Row row = rows.iterator().next();
        Integer count = row.getInteger("restoration_count");
        return new Resumed(Task.fromRow(row), count == null ? 0 : count);
      }));
  }

  private static void refuseResume(Row row) {
    TaskStatus status = TaskStatus.fromWire(row.getString("status"));
    if (status.isOnDaemon() && row.getBoolean("daemon_connected")) {
      throw new ApiException(ErrorCode.ALREADY_RUNNING, "the supervisor is " + status.wire()
        + " on a connected daemon");
    }
    if (row.getBoolean("resume_waiting") && status == TaskStatus.PENDING) {
      throw new ApiException(ErrorCode.CONFLICT, "an earlier resume of the supervisor still waits for a daemon");
    }
    if (status.succeeded()) {
      throw new ApiException(ErrorCode.INVALID_STATE, "the supervisor is " + status.wire() + "; there is nothing "
        + "to resume");
    }
    if (!row.getBoolean("slot_free")) {
      throw new ApiException(ErrorCode.DAEMON_UNAVAILABLE, "no connected daemon of yours has a free slot");
    }
  }

  /** The task's events after the cursor {@code since}, oldest first. */
  Future<List<TaskEvent>> events(UUID ownerId, UUID taskId, long since, int limit) {
    return pool.preparedQuery(EVENTS).execute(Tuple.of(taskId, ownerId, since, limit))
      .map(rows -> Rows.list(rows, TaskEvent::fromRow));
  }
}
