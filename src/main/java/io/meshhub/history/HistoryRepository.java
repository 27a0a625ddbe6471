package io.meshhub.history;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/**
 * The owner's history of contracts and tasks. Spawns, merges, PRs and contract completions are written here; task
 * status changes are already in each task's event log, and the history reads them from there rather than writing
 * every transition twice on the scheduler's hot path.
 */
final class HistoryRepository {

  private static final String RECORD = """
    insert into history_events (owner_id, contract_id, task_id, entity, action, actor, data)
    values ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String LIST = """
    select * from (
      select h.id::text as id, h.contract_id, h.task_id, h.entity, h.action, h.actor, h.data, h.created_at
      from history_events h
      where h.owner_id = $1 and ($2::uuid is null or h.contract_id = $2) and ($3::uuid is null or h.task_id = $3)
      union all
      select 'task-event-' || e.id, t.contract_id, e.task_id, 'task', 'status_changed', 'system', e.event_data,
             e.created_at
      from task_events e join tasks t on t.id = e.task_id
      where e.owner_id = $1 and e.event_type = 'status_change'
        and ($2::uuid is null or t.contract_id = $2) and ($3::uuid is null or e.task_id = $3)
    ) history
    order by created_at desc, id desc
    limit $4 offset $5""";

  private final Pool pool;

  HistoryRepository(Pool pool) {
    this.pool = pool;
  }

  /** Appends one entry; {@code actor} is {@code system}, {@code user} or {@code task}. */
  Future<Void> record(UUID ownerId, UUID contractId, UUID taskId, String entity, String action, String actor,
                             JsonObject data) {
    return pool.preparedQuery(RECORD).execute(Tuple.of(ownerId, contractId, taskId, entity, action, actor)
      .addValue(data)).mapEmpty();
  }

  /** The owner's history, newest first, optionally of one contract or one task. */
  Future<List<JsonObject>> list(UUID ownerId, UUID contractId, UUID taskId, int limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(ownerId, contractId, taskId, limit, offset))
      .map(rows -> Rows.list(rows, row -> new JsonObject()
        .put("id", row.getString("id"))
        .put("ownerId", ownerId.toString())
        .put("contractId", text(row.getUUID("contract_id")))
        .put("taskId", text(row.getUUID("task_id")))
        .put("entity", row.getString("entity"))
        .put("action", row.getString("action"))
        .put("actor", row.getString("actor"))
        .put("data", row.getValue("data"))
        .put("createdAt", Rows.isoTime(row, "created_at"))));
  }
}
