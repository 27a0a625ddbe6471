package io.meshhub.scheduler;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the try-start-pending loop. Reservation and assignment are guarded in Postgres, so any number of
 * schedulers on any number of nodes can race for the same tasks and slots: each task starts once, and no daemon
 * takes more than its slots.
 */
final class DispatchRepository {

  /** A connected daemon with free slots. */
  record FreeDaemon(UUID id, UUID ownerId, int freeSlots) {
  }

  /**
   * A task waiting to start, with the version its assignment must still find, the daemons that lost it, and whether
   * its retry cooldown has passed (so that those daemons may take it when no other can).
   */
  record WaitingTask(UUID id, UUID ownerId, int version, List<UUID> failedDaemonIds, boolean cooled) {
  }

  /** A start the loop planned: this task, at the version it read, on this daemon, with this tool key's hash. */
  record PlannedStart(WaitingTask task, UUID daemonId, byte[] toolKeyHash) {
  }

  /** How the task's contract wants its work handled by the daemon; all false for a task without a contract. */
  record ContractFlags(boolean localOnly, boolean autoMergeLocal, boolean autonomousLoop, boolean redTeam) {
    static final ContractFlags NONE = new ContractFlags(false, false, false, false);
  }

  /** What a run can work with, read in one round trip. */
  record Candidates(List<FreeDaemon> daemons, List<WaitingTask> tasks) {
  }

  /**
   * The connected daemons with free slots (heard of within {@code $3} ms) of owners with work waiting — found by
   * skipping through the waiting tasks' index owner by owner, so that a hub with thousands of idle daemons reads
   * none of them, and a backlog of thousands of tasks is not read whole — and the waiting tasks of their owners
   * that one of those daemons may take, highest priority first, then oldest. Exclusions are applied here, per task,
   * so that tasks no daemon may take never fill a run: a task may go to a free daemon of its owner that has not lost
   * it, or — once the cooldown ({@code $2} ms) since it was lost has passed — to one that has ({@code cooled}). Each
   * owner's share is bounded by its own free slots, and a run by {@code $1}.
   */
  private static final String CANDIDATES = """
    with recursive waiting_owners (owner_id) as (
      (select owner_id from tasks where status in ('pending', 'interrupted') order by owner_id limit 1)
      union all
      select (select t.owner_id from tasks t
              where t.status in ('pending', 'interrupted') and t.owner_id > w.owner_id
              order by t.owner_id limit 1)
      from waiting_owners w where w.owner_id is not null),
    free as (
      select d.* from waiting_owners w
      cross join lateral (
        select id, owner_id, max_concurrent_tasks - current_task_count as free_slots
        from daemons
        where owner_id = w.owner_id and status = 'connected' and current_task_count < max_concurrent_tasks
          and last_heartbeat_at > now() - make_interval(secs => $3::bigint / 1000.0)
        offset 0) d),
    owners as (
      select owner_id, sum(free_slots)::int as slots from free group by owner_id),
    waiting as (
      select w.* from owners o
      cross join lateral (
        select t.id, t.owner_id, t.version, t.failed_daemon_ids, t.priority, t.created_at,
               coalesce(t.lost_at <= now() - make_interval(secs => $2::bigint / 1000.0), false) as cooled
        from tasks t
        where t.owner_id = o.owner_id and t.status in ('pending', 'interrupted')
          and (cardinality(t.failed_daemon_ids) = 0
               or t.lost_at <= now() - make_interval(secs => $2::bigint / 1000.0)
               or exists (select 1 from free d where d.owner_id = t.owner_id and d.id <> all(t.failed_daemon_ids)))
        order by t.priority desc, t.created_at
        limit least(o.slots, $1)) w
      order by w.priority desc, w.created_at
      limit $1)
    select 'daemon' as kind, id, owner_id, free_slots, null::int as version, null::uuid[] as failed_daemon_ids,
           false as cooled, 0::bigint as rank
    from free
    where owner_id in (select owner_id from waiting)
    union all
    select 'task', id, owner_id, null, version, failed_daemon_ids, cooled,
           row_number() over (order by priority desc, created_at) as rank
    from waiting
    order by kind, rank""";
  /**
   * Assigns a whole run's planned starts in one statement. The tasks still waiting at the version they were read
   * are claimed, each found by its key alone (rows another scheduler holds are skipped, never waited for). The
   * {@code offset 0} keeps the status test outside the claim: pushed inside, it let the planner — whose statistics,
   * after an analyze in the middle of a burst, counted few waiting tasks — walk the waiting tasks' index for each
   * claim, dead entries and all (auto_explain: 67,000 buffers for 149 claims; the burst's throughput halved). Each
   * daemon then reserves one slot per claimed task, in id order so that schedulers on several nodes cannot
   * deadlock, and only if all of them fit; only tasks of daemons that reserved are assigned. So a slot is never
   * reserved without its task, nor a task assigned without its slot. Each assigned task gets its attempt's tool key
   * (the previous one revoked) and a log entry, and comes back with the latest checkpoint patch a retry resumes
   * from.
   */
  private static final String ASSIGN = """
    with wanted as (
      select * from unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::bytea[])
        as w (task_id, version, owner_id, daemon_id, key_hash)),
    claimed as (
      select t.id from wanted w
      cross join lateral (
        select id, version, owner_id, status from tasks where id = w.task_id offset 0 for update skip locked) t
      where t.version = w.version and t.owner_id = w.owner_id and t.status in ('pending', 'interrupted')),
    demand as (
      select w.daemon_id, w.owner_id, count(*)::int as slots
      from wanted w join claimed c on c.id = w.task_id
      group by w.daemon_id, w.owner_id),
    locked as (
      select d.id from daemons d join demand on demand.daemon_id = d.id order by d.id for update of d),
    slot as (
      update daemons d set current_task_count = d.current_task_count + demand.slots
      from demand
      where d.id = demand.daemon_id and d.id in (select id from locked) and d.owner_id = demand.owner_id
        and d.status = 'connected' and d.current_task_count + demand.slots <= d.max_concurrent_tasks
      returning d.id),
    task as (
      update tasks t set status = 'starting', daemon_id = w.daemon_id, version = t.version + 1, updated_at = now()
      from wanted w
      where t.id = w.task_id and t.id in (select id from claimed) and w.daemon_id in (select id from slot)
      returning t.*),
    revoked as (
      update tool_keys k set revoked_at = now()
      where k.task_id in (select id from task) and k.revoked_at is null),
    issued as (
      insert into tool_keys (owner_id, task_id, key_hash)
      select task.owner_id, task.id, w.key_hash from task join wanted w on w.task_id = task.id),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'starting', 'daemonId', daemon_id::text)
      from task)
    select t.*, p.patch_data, p.patch_base_sha
    from task t left join checkpoint_patches p on p.task_id = t.id""";
  /**
   * The checkpoints owners' resumes name: each one's commit and its own patch, or the latest patch when it is the
   * latest checkpoint and kept none of its own. A separate read, made only for such a resume: the dispatch of every
   * other task does not pay for it.
   */
  private static final String RESTORE_POINTS = """
    select r.task_id, r.commit_sha,
           coalesce(r.patch_data, case when p.checkpoint_id = r.id then p.patch_data end) as patch_data,
           coalesce(r.patch_base_sha, case when p.checkpoint_id = r.id then p.patch_base_sha end) as patch_base_sha
    from checkpoints r left join checkpoint_patches p on p.task_id = r.task_id
    where r.id = any($1)""";
  /** The owner's connected daemons with free slots. */
  private static final String FREE_DAEMONS_OF = """
    select id, owner_id, max_concurrent_tasks - current_task_count as free_slots from daemons
    where owner_id = $1 and status = 'connected' and current_task_count < max_concurrent_tasks
      and last_heartbeat_at > now() - make_interval(secs => $2::bigint / 1000.0)""";
  /**
   * How the contracts of assigned tasks want their work handled. A separate read, made only for tasks that have a
   * contract: joined into the assignment it cost every dispatch about a millisecond.
   */
  private static final String CONTRACT_FLAGS = """
    select id, local_only, auto_merge_local, autonomous_loop, red_team_enabled from contracts where id = any($1)""";
  /** Undoes an assignment whose spawnTask could not be delivered, if nothing else has moved the task since. */
  private static final String UNASSIGN = """
    with task as (
      update tasks set status = 'pending', daemon_id = null, version = version + 1, updated_at = now()
      where id = $1 and daemon_id = $2 and status = 'starting'
      returning *),
    freed as (
      update daemons set current_task_count = greatest(current_task_count - 1, 0)
      where id = $2 and exists (select 1 from task)),
    revoked as (
      update tool_keys set revoked_at = now()
      where task_id = $1 and revoked_at is null and exists (select 1 from task)),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'pending', 'reason', $3::text) from task)
    select * from task""";

  private final Pool pool;
  /**
   * A daemon not heard of for this long (half its silence timeout, several heartbeats) is given no new work,
   * whatever its row says: the node that held it may have died a moment ago, before anyone could mark it
   * disconnected, and a spawn sent to it would wait in vain for its delivery timeout.
   */
  private final long silentAfterMs;

  DispatchRepository(Pool pool, long silentAfterMs) {
    this.pool = pool;
    this.silentAfterMs = silentAfterMs;
  }

  /**
   * Daemons with free slots and, in order, the waiting tasks they may take; at most {@code limit} tasks, a daemon
   * that lost a task counting again once {@code retryCooldownMs} have passed.
   */
  Future<Candidates> candidates(int limit, long retryCooldownMs) {
    return pool.preparedQuery(CANDIDATES).execute(Tuple.of(limit, retryCooldownMs, silentAfterMs)).map(rows -> {
      List<FreeDaemon> daemons = new ArrayList<>();
      List<WaitingTask> tasks = new ArrayList<>();
      for (Row row : rows) {
        if ("daemon".equals(row.getString("kind"))) {
          daemons.add(new FreeDaemon(row.getUUID("id"), row.getUUID("owner_id"), row.getInteger("free_slots")));
        } else {
          tasks.add(new WaitingTask(row.getUUID("id"), row.getUUID("owner_id"), row.getInteger("version"),
            List.of(row.getArrayOfUUIDs("failed_daemon_ids")), row.getBoolean("cooled")));
        }
      }
      return new Candidates(daemons, tasks);
    });
  }

  /** Assigns what it can of the planned starts (see {@link #ASSIGN}); the others stay waiting. */
  Future<List<Assignment>> assign(List<PlannedStart> starts) {
    Tuple params = Tuple.tuple()
      .addArrayOfUUID(starts.stream().map(start -> start.task().id()).toArray(UUID[]::new))
      .addArrayOfInteger(starts.stream().map(start -> start.task().version()).toArray(Integer[]::new))
      .addArrayOfUUID(starts.stream().map(start -> start.task().ownerId()).toArray(UUID[]::new))
      .addArrayOfUUID(starts.stream().map(PlannedStart::daemonId).toArray(UUID[]::new))
      .addArrayOfBuffer(starts.stream().map(start -> Buffer.buffer(start.toolKeyHash())).toArray(Buffer[]::new));
    return pool.preparedQuery(ASSIGN).execute(params).compose(rows -> {
      List<Row> assigned = Rows.list(rows, row -> row);
      UUID[] contractIds = assigned.stream().map(row -> row.getUUID("contract_id")).filter(Objects::nonNull)
        .distinct().toArray(UUID[]::new);
      Future<Map<UUID, ContractFlags>> flags = contractIds.length == 0 ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(CONTRACT_FLAGS).execute(Tuple.tuple().addArrayOfUUID(contractIds))
          .map(DispatchRepository::flagsById);
      Future<Map<UUID, RestorePoint>> restores = restorePoints(assigned);
      // Both reads are under way already; composing them only waits for the second as well.
      return flags.compose(byContract -> restores.map(byTask -> assigned.stream().map(row -> {
        UUID contractId = row.getUUID("contract_id");
        return assignment(row, contractId == null ? ContractFlags.NONE
          : byContract.getOrDefault(contractId, ContractFlags.NONE), byTask.get(row.getUUID("id")));
      }).toList()));
    });
  }

  /** A checkpoint an owner's resume names: its commit and the patch that restores it. */
  private record RestorePoint(String commitSha, String patchData, String patchBaseSha) {
  }

  /** The restore points of the assigned tasks whose resume names a checkpoint, by task. */
  private Future<Map<UUID, RestorePoint>> restorePoints(List<Row> assigned) {
    UUID[] checkpointIds = assigned.stream().map(row -> (JsonObject) row.getValue("resume_request"))
      .filter(Objects::nonNull).map(request -> request.getString("checkpointId")).filter(Objects::nonNull)
      .map(UUID::fromString).toArray(UUID[]::new);
    if (checkpointIds.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(RESTORE_POINTS).execute(Tuple.tuple().addArrayOfUUID(checkpointIds)).map(rows -> {
      Map<UUID, RestorePoint> byTask = new HashMap<>();
      rows.forEach(row -> byTask.put(row.getUUID("task_id"), new RestorePoint(row.getString("commit_sha"),
        row.getString("patch_data"), row.getString("patch_base_sha"))));
      return byTask;
    });
  }

  private static Map<UUID, ContractFlags> flagsById(RowSet<Row> rows) {
    Map<UUID, ContractFlags> flags = new HashMap<>();
    rows.forEach(row -> flags.put(row.getUUID("id"), new ContractFlags(row.getBoolean("local_only"),
      row.getBoolean("auto_merge_local"), row.getBoolean("autonomous_loop"), row.getBoolean("red_team_enabled"))));
    return flags;
  }

  private static Assignment assignment(Row row, ContractFlags contract, RestorePoint restore) {
    return new Assignment(Task.fromRow(row), restore != null ? restore.patchData() : row.getString("patch_data"),
      restore != null ? restore.patchBaseSha() : row.getString("patch_base_sha"),
      (JsonArray) row.getValue("conversation_history"), row.getUUID("supervisor_worktree_task_id"),
      row.getString("checkpoint_sha"), contract, (JsonObject) row.getValue("resume_request"),
      restore == null ? null : restore.commitSha());
  }

  Future<List<FreeDaemon>> freeDaemonsOf(UUID ownerId) {
    return pool.preparedQuery(FREE_DAEMONS_OF).execute(Tuple.of(ownerId, silentAfterMs)).map(rows ->
      Rows.list(rows, row -> new FreeDaemon(row.getUUID("id"), row.getUUID("owner_id"), row.getInteger("free_slots"))));
  }

  /** Puts a task back to pending after its spawn failed; empty when something else moved it first. */
  Future<Optional<Task>> unassign(UUID taskId, UUID daemonId, String reason) {
    return pool.preparedQuery(UNASSIGN).execute(Tuple.of(taskId, daemonId, reason))
      .map(rows -> Rows.first(rows).map(Task::fromRow));
  }
}
