package io.meshhub.scheduler;

import io.meshhub.core.Deadlocks;
import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happens to a task while it is on a daemon: the daemon's reports (running, paused, complete) and the loss of
 * the daemon. Every change is one statement that is fenced by the task's daemon: a report from a daemon the task
 * has moved away from changes nothing, and a slot is freed exactly once, by the change that takes the task off it.
 */
final class RunningTaskRepository {

  private static final String REPORT_STATUS = """
    with task as (
      update tasks set status = $3, started_at = coalesce(started_at, now()), version = version + 1,
                       resume_request = null, updated_at = now()
      where id = $1 and daemon_id = $2 and status in ('starting', 'running', 'paused')
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', $3::text) from task)
    select * from task""";
  /**
   * Applies a batch of completions in one statement: each task ends done or failed if it is still on the daemon
   * that reports it; the daemons' slots are freed by as many tasks as ended on each, the daemon rows locked in id
   * order as the dispatcher locks them, so that the two never deadlock.
   */
  private static final String COMPLETE = """
    with reported as (
      select * from unnest($1::uuid[], $2::uuid[], $3::bool[], $4::text[], $5::text[])
        as r (task_id, daemon_id, success, summary, error)),
    task as (
      update tasks t set status = case when r.success then 'done' else 'failed' end, output_summary = r.summary,
                         error_message = r.error, completed_at = now(), version = t.version + 1, updated_at = now()
      from reported r
      where t.id = r.task_id and t.daemon_id = r.daemon_id and t.status in ('starting', 'running', 'paused')
      returning t.*),
    locked as (
      select d.id from daemons d where d.id in (select daemon_id from task) order by d.id for update of d),
    freed as (
      update daemons d set current_task_count = greatest(d.current_task_count - ended.tasks, 0)
      from (select daemon_id, count(*) as tasks from task group by daemon_id) ended
      where d.id = ended.daemon_id and d.id in (select id from locked)),
    revoked as (
      update tool_keys k set revoked_at = now() where k.task_id in (select id from task) and k.revoked_at is null),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', status, 'errorMessage', error_message)
      from task)
    select * from task""";
  /**
   * Takes tasks off a daemon that is gone: each is retried (interrupted, the daemon excluded from its next
   * attempts) unless it has used up its retries, then it fails saying so; their slots are given back. {@code %s}
   * selects the tasks.
   */
  private static final String INTERRUPT = """
    with target as (
      select id, daemon_id from tasks where status in ('starting', 'running', 'paused') and %s for update),
    lost as (
      update tasks t set
        retry_count = t.retry_count + 1,
        status = case when t.retry_count + 1 > t.max_retries then 'failed' else 'interrupted' end,
        error_message = case when t.retry_count + 1 > t.max_retries
          then format('%%s; it was interrupted %%s times and maxRetries is %%s', $1::text, t.retry_count + 1,
                      t.max_retries)
          else t.error_message end,
        completed_at = case when t.retry_count + 1 > t.max_retries then now() end,
        failed_daemon_ids = case when t.daemon_id is null then t.failed_daemon_ids
                                 else array_append(t.failed_daemon_ids, t.daemon_id) end,
        lost_at = case when t.daemon_id is null then t.lost_at else now() end,
        daemon_id = null, version = t.version + 1, updated_at = now()
      from target
      where t.id = target.id
      returning t.*),
    freed as (
      update daemons d set current_task_count = greatest(d.current_task_count - gone.tasks, 0)
      from (select daemon_id, count(*) as tasks from target where daemon_id is not null group by daemon_id) gone
      where d.id = gone.daemon_id),
    revoked as (
      update tool_keys set revoked_at = now() where task_id in (select id from lost) and revoked_at is null),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select id, owner_id, 'status_change', jsonb_build_object('status', status, 'reason', $1::text) from lost)
    select * from lost""";
  /**
   * The session that held the daemon ended: the daemon is disconnected — only if that session still holds it, so
   * that the late loss of an old session never touches a daemon that registered again — and its slots are zero.
   * Runs in one transaction with {@link #INTERRUPT_ON_LOST_DAEMON}: the row stays locked until its tasks are
   * interrupted, so a registration in between waits and then recounts the tasks still on it.
   */
  private static final String DISCONNECT = """
    update daemons set status = 'disconnected', disconnected_at = now(), current_task_count = 0, session_id = null
    where id = $1 and session_id = $2 and status = 'connected'
    returning id""";
  private static final String INTERRUPT_ON_LOST_DAEMON = INTERRUPT.formatted("daemon_id = $2");
  private static final String INTERRUPT_UNLISTED = INTERRUPT.formatted("daemon_id = $2 and id <> all($3)");
  /**
   * Tasks on no daemon, or on one that has been silent for the grace {@code $2} ms: a daemon whose hub node died
   * has that long, from its last heartbeat, to reconnect to any node and keep its running tasks. A silent daemon
   * may still be marked connected (its node died before it could say otherwise); a live node closes a session
   * silent that long itself.
   */
  private static final String INTERRUPT_ORPHANS = INTERRUPT.formatted("""
    (daemon_id is null or daemon_id not in (
      select id from daemons where last_heartbeat_at > now() - make_interval(secs => $2::bigint / 1000.0)))""");
  /**
   * Tasks missing from the daemon's last heartbeat ({@code $3}) that were missing from the one before ({@code $4}),
   * and were given to it more than {@code $5} ms ago: a daemon has as long to show a task it was just given as to
   * show it is alive, so that a heartbeat sent before a spawn arrived — or answered late by a loaded hub — does not
   * take the task back.
   */
  private static final String INTERRUPT_MISSING_TWICE = INTERRUPT.formatted("""
    daemon_id = $2 and id <> all($3) and id = any($4)
      and (status <> 'starting' or updated_at < now() - make_interval(secs => $5::bigint / 1000.0))""");
  /** The tasks the hub believes run on the daemon that its heartbeat did not list. */
  private static final String MISSING = """
    select id from tasks where daemon_id = $1 and status in ('starting', 'running', 'paused') and id <> all($2)""";
  /** Of the tasks a daemon says it runs, those that are not (or no longer) its own. */
  private static final String NOT_ASSIGNED = """
    select listed.id from unnest($2::uuid[]) as listed (id)
    where not exists (select 1 from tasks t where t.id = listed.id and t.daemon_id = $1
                        and t.status in ('starting', 'running', 'paused'))""";

  private final Pool pool;

  RunningTaskRepository(Pool pool) {
    this.pool = pool;
  }

  /** The daemon says the task runs (or is paused); empty when the task is not on that daemon. */
  Future<Optional<Task>> reportStatus(UUID taskId, UUID daemonId, TaskStatus status) {
    return pool.preparedQuery(REPORT_STATUS).execute(Tuple.of(taskId, daemonId, status.wire()))
      .map(Task::first);
  }

  /** A daemon's report that a task ended. */
  record Completion(UUID taskId, UUID daemonId, boolean success, String outputSummary, String errorMessage) {

    static Completion of(UUID daemonId, JsonObject frame) {
      return new Completion(UUID.fromString(frame.getString("taskId")), daemonId, frame.getBoolean("success"),
        frame.getString("outputSummary"), frame.getString("errorMessage"));
    }
  }

  /**
   * Applies the completions; returns, for each, the task as it ended, or empty when it was not on the reporting
   * daemon.
   */
  Future<List<Optional<Task>>> complete(List<Completion> completions) {
    Tuple params = Tuple.tuple()
      .addArrayOfUUID(completions.stream().map(Completion::taskId).toArray(UUID[]::new))
      .addArrayOfUUID(completions.stream().map(Completion::daemonId).toArray(UUID[]::new))
      .addArrayOfBoolean(completions.stream().map(Completion::success).toArray(Boolean[]::new))
      .addArrayOfString(completions.stream().map(Completion::outputSummary).toArray(String[]::new))
      .addArrayOfString(completions.stream().map(Completion::errorMessage).toArray(String[]::new));
    return pool.preparedQuery(COMPLETE).execute(params).map(rows -> {
      // A task ended for the report of the daemon it was on; a report from any other daemon changed nothing.
      Map<List<UUID>, Task> ended = Task.all(rows).stream().collect(Collectors.toMap(
        task -> List.of(task.id(), task.daemonId()), Function.identity(), (first, second) -> first));
      return completions.stream().map(completion -> Optional.ofNullable(ended.get(
        List.of(completion.taskId(), completion.daemonId())))).toList();
    });
  }

  /**
   * Disconnects the daemon held by this session and interrupts its tasks, in one transaction; empty when the
   * session no longer held the daemon (it registered again, or was lost already). The transaction locks the daemon,
   * then its tasks: a batch of completions locks tasks, then their daemons. A daemon that reports its last tasks
   * done and leaves at once can have both at the same time; Postgres aborts one and the loss is run again
   * (seen in the burst benchmark, where each burst's daemons leave as their last task ends).
   */
  Future<Optional<List<Task>>> loseDaemon(UUID daemonId, UUID sessionId, String reason) {
    return Deadlocks.retried(() -> pool.withTransaction(connection -> connection.preparedQuery(DISCONNECT)
      .execute(Tuple.of(daemonId, sessionId))
      .compose(lost -> lost.size() == 0 ? Future.succeededFuture(Optional.<List<Task>>empty())
        : connection.preparedQuery(INTERRUPT_ON_LOST_DAEMON).execute(Tuple.of(reason, daemonId))
          .map(interrupted -> Optional.of(Task.all(interrupted))))));
  }

  /** Interrupts the tasks the hub believes run on the daemon but the daemon did not list. */
  Future<List<Task>> interruptUnlisted(UUID daemonId, List<UUID> listed, String reason) {
    Tuple params = Tuple.of(reason, daemonId).addArrayOfUUID(listed.toArray(UUID[]::new));
    return pool.preparedQuery(INTERRUPT_UNLISTED).execute(params)
      .map(Task::all);
  }

  /**
   * Interrupts tasks that claim a daemon which is not connected and has been silent longer than {@code graceMs}
   * (after a restart, or a node's death).
   */
  Future<List<Task>> interruptOrphans(String reason, long graceMs) {
    return pool.preparedQuery(INTERRUPT_ORPHANS).execute(Tuple.of(reason, graceMs)).map(Task::all);
  }

  /**
   * Interrupts the daemon's tasks that its heartbeat did not list ({@code listed}) and that the heartbeat before did
   * not list either ({@code suspects}): one heartbeat may cross a spawn in flight, two in a row mean the daemon lost
   * the task.
   */
  Future<List<Task>> interruptMissingTwice(UUID daemonId, List<UUID> listed, List<UUID> suspects, long graceMs,
                                          String reason) {
    Tuple params = Tuple.of(reason, daemonId).addArrayOfUUID(listed.toArray(UUID[]::new))
      .addArrayOfUUID(suspects.toArray(UUID[]::new)).addLong(graceMs);
    return pool.preparedQuery(INTERRUPT_MISSING_TWICE).execute(params).map(Task::all);
  }

  /** The daemon's tasks (as the hub sees them) that are not among {@code listed}. */
  Future<List<UUID>> missing(UUID daemonId, List<UUID> listed) {
    return pool.preparedQuery(MISSING).execute(Tuple.of(daemonId).addArrayOfUUID(listed.toArray(UUID[]::new)))
      .map(rows -> Rows.list(rows, row -> row.getUUID("id")));
  }

  /** The listed task ids that are not running on this daemon. */
  Future<List<UUID>> notAssigned(UUID daemonId, List<UUID> listed) {
    return pool.preparedQuery(NOT_ASSIGNED).execute(Tuple.of(daemonId).addArrayOfUUID(listed.toArray(UUID[]::new)))
      .map(rows -> Rows.list(rows, row -> row.getUUID("id")));
  }
}
