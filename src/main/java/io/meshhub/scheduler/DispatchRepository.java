package io.meshhub.scheduler;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The SQL of the try-start-pending loop. Reservation and assignment are guarded in Postgres, so any number of
 * schedulers on any number of nodes can race for the same tasks and slots: each task starts once, and no daemon
 * takes more than its slots.
 */
final class DispatchRepository {

  /** A connected daemon with free slots. */
  record FreeDaemon(UUID id, UUID ownerId, int freeSlots) {
  }

  /** A task waiting to start, with the version its assignment must still find. */
  record WaitingTask(UUID id, UUID ownerId, int version, List<UUID> failedDaemonIds) {
  }

  /** A task now {@code starting} on a daemon, with what a retry resumes from. */
  record Assignment(Task task, String patchData, String patchBaseSha, JsonArray conversationHistory) {
  }

  private static final String FREE_DAEMONS = """
    select id, owner_id, max_concurrent_tasks - current_task_count as free_slots
    from daemons
    where status = 'connected' and current_task_count < max_concurrent_tasks""";
  private static final String WAITING_TASKS = """
    select id, owner_id, version, failed_daemon_ids
    from tasks
    where status in ('pending', 'interrupted') and owner_id = any($1)
    order by priority desc, created_at
    limit $2""";
  /**
   * Reserves a slot, and only with it assigns the task at the version it was read; issues the attempt's tool key
   * (revoking the previous one) and logs the change, all in one statement. {@code reserved} without a task means
   * another scheduler took the task first: the caller releases the slot.
   */
  private static final String ASSIGN = """
    with slot as (
      update daemons set current_task_count = current_task_count + 1
      where id = $1 and owner_id = $4 and status = 'connected' and current_task_count < max_concurrent_tasks
      returning id),
    task as (
      update tasks set status = 'starting', daemon_id = $1, version = version + 1, updated_at = now()
      where id = $2 and version = $3 and owner_id = $4 and status in ('pending', 'interrupted')
        and exists (select 1 from slot)
      returning *),
    revoked as (
      update tool_keys set revoked_at = now()
      where task_id = $2 and revoked_at is null and exists (select 1 from task)),
    issued as (
      insert into tool_keys (owner_id, task_id, key_hash) select owner_id, id, $5 from task),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', 'starting', 'daemonId', $1::text)
      from task)
    select (select count(*) from slot) as reserved, t.*, p.patch_data, p.patch_base_sha
    from (values (1)) as one (x)
      left join task t on true
      left join checkpoint_patches p on p.task_id = t.id""";
  private static final String RELEASE_SLOT = """
    update daemons set current_task_count = greatest(current_task_count - 1, 0) where id = $1""";
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

  DispatchRepository(Pool pool) {
    this.pool = pool;
  }

  Future<List<FreeDaemon>> freeDaemons() {
    return pool.query(FREE_DAEMONS).execute().map(rows -> StreamSupport.stream(rows.spliterator(), false)
      .map(row -> new FreeDaemon(row.getUUID("id"), row.getUUID("owner_id"), row.getInteger("free_slots")))
      .toList());
  }

  /** Waiting tasks of these owners, highest priority first, then oldest. */
  Future<List<WaitingTask>> waitingTasks(List<UUID> ownerIds, int limit) {
    Tuple params = Tuple.tuple().addArrayOfUUID(ownerIds.toArray(UUID[]::new)).addInteger(limit);
    return pool.preparedQuery(WAITING_TASKS).execute(params)
      .map(rows -> StreamSupport.stream(rows.spliterator(), false)
        .map(row -> new WaitingTask(row.getUUID("id"), row.getUUID("owner_id"), row.getInteger("version"),
          List.of(row.getArrayOfUUIDs("failed_daemon_ids"))))
        .toList());
  }

  /**
   * Assigns the task to the daemon with a new tool key (given as its hash). Empty when the slot or the task was
   * taken meanwhile; a slot reserved for a task someone else took is released before returning.
   */
  Future<Optional<Assignment>> assign(WaitingTask waiting, UUID daemonId, byte[] toolKeyHash) {
    Tuple params = Tuple.of(daemonId, waiting.id(), waiting.version(), waiting.ownerId(), Buffer.buffer(toolKeyHash));
    return pool.preparedQuery(ASSIGN).execute(params).compose(rows -> {
      Row row = rows.iterator().next();
      if (row.getUUID("id") != null) {
        return Future.succeededFuture(Optional.of(new Assignment(Task.fromRow(row), row.getString("patch_data"),
          row.getString("patch_base_sha"), (JsonArray) row.getValue("conversation_history"))));
      }
      Future<Void> released = row.getLong("reserved") > 0
        ? pool.preparedQuery(RELEASE_SLOT).execute(Tuple.of(daemonId)).mapEmpty()
        : Future.succeededFuture();
      return released.map(Optional.empty());
    });
  }

  /** Puts a task back to pending after its spawn failed; empty when something else moved it first. */
  Future<Optional<Task>> unassign(UUID taskId, UUID daemonId, String reason) {
    return pool.preparedQuery(UNASSIGN).execute(Tuple.of(taskId, daemonId, reason))
      .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Task.fromRow(rows.iterator().next())));
  }
}
