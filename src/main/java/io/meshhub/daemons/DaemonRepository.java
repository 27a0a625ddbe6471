package io.meshhub.daemons;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Daemon rows. A row names the node and session that hold the daemon's socket; changes a session makes are
 * guarded by its session id, so a session that was replaced (the daemon reconnected elsewhere) changes nothing.
 */
final class DaemonRepository {

  /**
   * Connects the daemon under the id its session chose; an id that is another owner's daemon is refused. A
   * returning daemon's slot count is recounted from the tasks on it in the same statement, before the scheduler
   * can see it connected, so that a counter can never drift and no dispatch's increment is overwritten.
   */
  private static final String CONNECT = """
    insert into daemons (id, owner_id, hostname, version, status, max_concurrent_tasks, node, session_id,
                         connected_at, last_heartbeat_at)
    values ($1, $2, $3, $4, 'connected', $5, $6, $7, now(), now())
    on conflict (id) do update set
      hostname = excluded.hostname, version = excluded.version, status = 'connected',
      max_concurrent_tasks = excluded.max_concurrent_tasks, node = excluded.node, session_id = excluded.session_id,
      connected_at = now(), last_heartbeat_at = now(), disconnected_at = null,
      current_task_count = (select count(*) from tasks
                            where daemon_id = excluded.id and status in ('starting', 'running', 'paused'))
    where daemons.owner_id = excluded.owner_id
    returning id""";
  private static final String FIND = "select * from daemons where id = $1";
  private static final String OWNER_OF = "select owner_id from daemons where id = $1";
  /**
   * Records a batch of heartbeats, each only for the session that holds its daemon; the rows are locked in id order,
   * as the dispatcher locks them, so that the two never deadlock.
   */
  private static final String HEARTBEATS = """
    with beat as (
      select * from unnest($1::uuid[], $2::uuid[]) as b (daemon_id, session_id)),
    locked as (
      select d.id from daemons d join beat b on b.daemon_id = d.id and b.session_id = d.session_id
      order by d.id for update of d)
    update daemons d set last_heartbeat_at = now() from locked l where d.id = l.id""";
  /** Daemons whose session was held by a node that is no longer alive. */
  private static final String DISCONNECT_DEAD_NODES = """
    update daemons set status = 'disconnected', disconnected_at = now(), current_task_count = 0, session_id = null
    where status = 'connected' and (node is null or node <> all($1))
    returning *""";
  /**
   * Daemons marked connected that have not been heard of for {@code $1} ms: the node that held them died unseen
   * (a live node closes a silent session itself, well before).
   */
  private static final String DISCONNECT_SILENT = """
    update daemons set status = 'disconnected', disconnected_at = now(), current_task_count = 0, session_id = null
    where status = 'connected' and last_heartbeat_at < now() - make_interval(secs => $1::bigint / 1000.0)
    returning *""";
  private static final String LIST = """
    select * from daemons where owner_id = $1 order by created_at, id limit $2 offset $3""";

  private final Pool pool;

  DaemonRepository(Pool pool) {
    this.pool = pool;
  }

  /** Marks the daemon connected to this session; false when its id is another owner's daemon. */
  Future<Boolean> connect(Registration registration) {
    Tuple params = Tuple.of(registration.daemonId(), registration.ownerId(), registration.hostname(),
      registration.version(), registration.maxConcurrentTasks(), registration.node(), registration.sessionId());
    return pool.preparedQuery(CONNECT).execute(params).map(rows -> rows.size() == 1);
  }

  /** The owner of the daemon with this id, if it exists. */
  Future<Optional<UUID>> ownerOf(UUID daemonId) {
    return pool.preparedQuery(OWNER_OF).execute(Tuple.of(daemonId))
      .map(rows -> Rows.first(rows).map(row -> row.getUUID("owner_id")));
  }

  Future<Daemon> find(UUID daemonId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(daemonId)).map(rows -> Daemon.fromRow(rows.iterator().next()));
  }

  /** A heartbeat heard by the daemon's session. */
  record Heartbeat(UUID daemonId, UUID sessionId) {
  }

  /** Records the heartbeats; one statement however many daemons beat meanwhile. */
  Future<List<Void>> heartbeats(List<Heartbeat> beats) {
    Tuple params = Tuple.tuple()
      .addArrayOfUUID(beats.stream().map(Heartbeat::daemonId).toArray(UUID[]::new))
      .addArrayOfUUID(beats.stream().map(Heartbeat::sessionId).toArray(UUID[]::new));
    return pool.preparedQuery(HEARTBEATS).execute(params).map(done -> Collections.nCopies(beats.size(), null));
  }

  /** Marks disconnected every daemon held by a node not in {@code liveNodes}. */
  Future<List<Daemon>> disconnectDeadNodes(List<String> liveNodes) {
    Tuple params = Tuple.tuple().addArrayOfString(liveNodes.toArray(String[]::new));
    return pool.preparedQuery(DISCONNECT_DEAD_NODES).execute(params)
      .map(rows -> Rows.list(rows, Daemon::fromRow));
  }

  Future<List<Daemon>> disconnectSilent(long silentMs) {
    return pool.preparedQuery(DISCONNECT_SILENT).execute(Tuple.of(silentMs)).map(rows -> Rows.list(rows,
      Daemon::fromRow));
  }

  Future<List<Daemon>> list(UUID ownerId, int limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(ownerId, limit, offset))
      .map(rows -> Rows.list(rows, Daemon::fromRow));
  }
}
