package io.meshhub.scheduler;

import io.meshhub.app.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Tasks and their event logs. Every statement names the owner, so a task of another owner is simply not found.
 * Writes take the client to run on, so that the scheduler can group them in one transaction.
 */
public final class TaskRepository {

  private static final String INSERT = """
    insert into tasks (owner_id, name, plan, priority, repository_url, base_branch, target_branch, contract_id,
                       parent_task_id, depth, max_retries)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    returning *""";
  private static final String FIND = "select * from tasks where id = $1 and owner_id = $2";
  private static final String LIST = """
    select * from tasks
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
  private static final String CANCEL = """
    update tasks
    set status = 'cancelled', version = version + 1, updated_at = now(), completed_at = now()
    where id = $1 and owner_id = $2 and status <> all($3)
    returning *""";
  private static final String APPEND_EVENT = """
    insert into task_events (task_id, owner_id, event_type, event_data) values ($1, $2, $3, $4)""";
  private static final String EVENTS = """
    select e.* from task_events e
    where e.task_id = $1 and e.owner_id = $2 and e.id > $3
    order by e.id
    limit $4""";

  private final Pool pool;

  public TaskRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Task> insert(SqlClient client, NewTask task, int priority, int depth, int maxRetries) {
    return client.preparedQuery(INSERT)
      .execute(Tuple.of(task.ownerId(), task.name(), task.plan(), priority, task.repositoryUrl(), task.baseBranch(),
        task.targetBranch(), task.contractId(), task.parentTaskId(), depth, maxRetries))
      .map(TaskRepository::single);
  }

  public Future<Optional<Task>> find(UUID ownerId, UUID taskId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(taskId, ownerId)).map(rows -> Rows.first(rows).map(Task::fromRow));
  }

  Future<List<Task>> list(UUID ownerId, TaskQuery query) {
    Tuple params = Tuple.of(ownerId, query.status() == null ? null : query.status().wire(), query.contractId(),
      query.directiveId(), query.daemonId(), query.limit(), query.offset());
    return pool.preparedQuery(LIST).execute(params).map(TaskRepository::all);
  }

  Future<Optional<Task>> patchPending(SqlClient client, TaskPatch patch) {
    Tuple params = Tuple.of(patch.taskId(), patch.ownerId(), patch.version(), patch.name(), patch.plan(),
      patch.priority());
    return client.preparedQuery(PATCH_PENDING).execute(params).map(rows -> Rows.first(rows).map(Task::fromRow));
  }

  /** Cancels the task unless it is already final; empty when nothing was cancelled. */
  Future<Optional<Task>> cancel(SqlClient client, TaskRef ref) {
    return client.preparedQuery(CANCEL).execute(Tuple.of(ref.taskId(), ref.ownerId(), TaskStatus.finalWireNames()))
      .map(rows -> Rows.first(rows).map(Task::fromRow));
  }

  Future<Void> appendEvent(SqlClient client, Task task, String eventType, JsonObject data) {
    return client.preparedQuery(APPEND_EVENT).execute(Tuple.of(task.id(), task.ownerId(), eventType, data))
      .mapEmpty();
  }

  /** The task's events after the cursor {@code since}, oldest first. */
  Future<List<TaskEvent>> events(UUID ownerId, UUID taskId, long since, int limit) {
    return pool.preparedQuery(EVENTS).execute(Tuple.of(taskId, ownerId, since, limit))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(TaskEvent::fromRow).toList());
  }

  private static Task single(RowSet<Row> rows) {
    return Task.fromRow(rows.iterator().next());
  }

  private static List<Task> all(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(Task::fromRow).toList();
  }
}
