package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Supervisor states, one row per contract with a supervisor (made when the supervisor is linked, see
 * {@link ContractRepository}). Each save point is one guarded statement: it changes the row of the contract whose
 * supervisor the fact is about, and no other.
 */
final class SupervisorStateRepository {

  /**
   * The state as shown. A heartbeat is a save point of {@code lastActivity} with no write of its own: the state
   * shows the latest of its own activity and the last heartbeat of the daemon its supervisor runs on.
   */
  private static final String FIND = """
    select s.*, greatest(s.last_activity, d.last_heartbeat_at) as shown_activity
    from supervisor_states s
    left join tasks t on t.id = s.task_id and t.status in ('starting', 'running', 'paused')
    left join daemons d on d.id = t.daemon_id
    where s.contract_id = $1 and s.owner_id = $2""";
  private static final String SPAWNED = """
    update supervisor_states set state = 'working',
      spawned_task_ids = case when $3::uuid = any(spawned_task_ids) then spawned_task_ids
                              else array_append(spawned_task_ids, $3::uuid) end,
      current_activity = 'Spawned task ' || $3::uuid::text, progress = 0, updated_at = now()
    where contract_id = $1 and task_id = $2
    returning *""";
  private static final String QUESTION_ASKED = """
    update supervisor_states set pending_questions = pending_questions || jsonb_build_array($2::jsonb),
      state = 'waiting_for_user', current_activity = 'Waiting for the owner''s answer', updated_at = now()
    where task_id = $1 and not pending_questions @> jsonb_build_array(jsonb_build_object('id', $2::jsonb->>'id'))
    returning *""";
  /** The question is no longer pending: answered or timed out. With none left the supervisor works again. */
  private static final String QUESTION_SETTLED = """
    with settled as (
      select contract_id, coalesce((select jsonb_agg(q) from jsonb_array_elements(pending_questions) q
                                    where q->>'id' <> $1::text), '[]'::jsonb) as remaining
      from supervisor_states where pending_questions @> jsonb_build_array(jsonb_build_object('id', $1::text)))
    update supervisor_states s set pending_questions = settled.remaining,
      state = case when jsonb_array_length(settled.remaining) = 0 then 'working' else s.state end,
      current_activity = case when jsonb_array_length(settled.remaining) = 0 then 'Resumed after user response'
                              else s.current_activity end,
      updated_at = now()
    from settled where s.contract_id = settled.contract_id
    returning s.*""";
  private static final String WAITING = """
    update supervisor_states set state = 'waiting_for_tasks',
      pending_task_ids = case when $2::uuid = any(pending_task_ids) then pending_task_ids
                              else array_append(pending_task_ids, $2::uuid) end,
      current_activity = 'Waiting for task ' || $2::uuid::text,
      updated_at = now()
    where task_id = $1
    returning *""";
  /** A task ended: no supervisor waits on it any more; one that waited on nothing else works again. */
  private static final String TASK_ENDED = """
    update supervisor_states set pending_task_ids = array_remove(pending_task_ids, $1),
      state = case when cardinality(array_remove(pending_task_ids, $1)) = 0 and state = 'waiting_for_tasks'
                   then 'working' else state end,
      updated_at = now()
    where pending_task_ids @> array[$1]::uuid[]
    returning *""";
  private static final String PHASE = """
    update supervisor_states set phase = $2, updated_at = now() where contract_id = $1 returning *""";
  /** The conversation as reported; each message id seen for the first time is stamped with now. */
  private static final String CONVERSATION = """
    update supervisor_states set conversation_history = $2, last_activity = now(), updated_at = now(),
      message_seen_at = message_seen_at || coalesce(
        (select jsonb_object_agg(m->>'id', now()) from jsonb_array_elements($2::jsonb) m
         where m ? 'id' and not message_seen_at ? (m->>'id')), '{}'::jsonb)
    where task_id = $1
    returning *""";
  /** The conversation and when its messages were first seen. */
  private static final String CONVERSATION_OF = """
    select conversation_history, message_seen_at, task_id from supervisor_states
    where contract_id = $1 and owner_id = $2""";
  /** The same, locked for a rewind. */
  private static final String FOR_REWIND = CONVERSATION_OF + " for update";
  private static final String REWOUND = """
    update supervisor_states set conversation_history = $2, updated_at = now() where contract_id = $1
    returning *""";
  /** The newest checkpoint of the supervisor task taken before a time: the code as it was then. */
  private static final String CHECKPOINT_BEFORE = """
    select commit_sha from checkpoints where task_id = $1 and created_at < $2
    order by created_at desc, checkpoint_number desc limit 1""";

  private static final String FIND_BY_TASK = "select * from supervisor_states where task_id = $1";
  /** The scheduler placed the supervisor again after its daemon was lost (or it was requeued): one more restoration. */
  private static final String RESTORED = """
    update supervisor_states set restoration_count = restoration_count + 1, last_restored_at = now(),
      restoration_source = $2, current_activity = 'Restored on a new daemon', updated_at = now()
    where task_id = $1
    returning *""";
  /** Of the tasks a supervisor spawned, those that no longer exist. */
  private static final String MISSING_TASKS = """
    select spawned.id from unnest($1::uuid[]) as spawned (id)
    where not exists (select 1 from tasks t where t.id = spawned.id)""";
  /** The named checkpoint of the supervisor task, or its latest when none is named. */
  private static final String CHECKPOINT = """
    select id, commit_sha, created_at from checkpoints
    where task_id = $1 and ($2::uuid is null or id = $2)
    order by checkpoint_number desc limit 1""";

  private final Pool pool;

  SupervisorStateRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<SupervisorState>> find(UUID ownerId, UUID contractId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  /** The contract's supervisor ({@code spawnerId}) spawned {@code taskId}; empty when the spawner is not it. */
  Future<Optional<SupervisorState>> spawned(UUID contractId, UUID spawnerId, UUID taskId) {
    return pool.preparedQuery(SPAWNED).execute(Tuple.of(contractId, spawnerId, taskId))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  /** The conversation as saved, and when each message was first seen; locked until the caller's transaction ends. */
  record Conversation(UUID taskId, JsonArray messages, JsonObject seenAt) {

    /** When message {@code index} was written: its own timestamp, else when the hub first saw it; null if unknown. */
    OffsetDateTime writtenAt(int index) {
      JsonObject message = messages.getValue(index) instanceof JsonObject object ? object : new JsonObject();
      for (String time : new String[] {message.getString("timestamp"), seenAt.getString(message.getString("id", ""))}) {
        if (time != null) {
          try {
            return OffsetDateTime.parse(time);
          } catch (DateTimeParseException notATime) {
            // The next candidate, if any.
          }
        }
      }
      return null;
    }

    /** The messages before the first one written at or after {@code time}: the conversation as it was then. */
    JsonArray writtenBefore(OffsetDateTime time) {
      int kept = 0;
      while (kept < messages.size() && (writtenAt(kept) == null || writtenAt(kept).isBefore(time))) {
        kept++;
      }
      return new JsonArray(messages.getList().subList(0, kept));
    }
  }

  Future<Optional<Conversation>> forRewind(SqlClient conn, UUID ownerId, UUID contractId) {
    return conversation(conn, FOR_REWIND, ownerId, contractId);
  }

  /** The conversation as saved, and when its messages were first seen. */
  Future<Optional<Conversation>> conversation(UUID ownerId, UUID contractId) {
    return conversation(pool, CONVERSATION_OF, ownerId, contractId);
  }

  private static Future<Optional<Conversation>> conversation(SqlClient client, String query, UUID ownerId,
                                                             UUID contractId) {
    return client.preparedQuery(query).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.first(rows).map(row -> new Conversation(row.getUUID("task_id"),
        (JsonArray) row.getValue("conversation_history"), (JsonObject) row.getValue("message_seen_at"))));
  }

  Future<SupervisorState> rewound(SqlClient conn, UUID contractId, JsonArray kept) {
    return conn.preparedQuery(REWOUND).execute(Tuple.of(contractId, kept))
      .map(rows -> SupervisorState.fromRow(rows.iterator().next()));
  }

  /** The commit of the supervisor task's newest checkpoint taken before {@code time}, if any. */
  Future<Optional<String>> checkpointBefore(UUID taskId, OffsetDateTime time) {
    return pool.preparedQuery(CHECKPOINT_BEFORE).execute(Tuple.of(taskId, time))
      .map(rows -> Rows.first(rows).map(row -> row.getString("commit_sha")));
  }

  /** A supervisor task asked a question; empty when the task is no contract's supervisor. */
  Future<Optional<SupervisorState>> questionAsked(UUID taskId, JsonObject question) {
    return pool.preparedQuery(QUESTION_ASKED).execute(Tuple.of(taskId, question))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  Future<Optional<SupervisorState>> questionSettled(UUID questionId) {
    return pool.preparedQuery(QUESTION_SETTLED).execute(Tuple.of(questionId.toString()))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  /** The supervisor task waits on {@code taskId}; empty when it is no contract's supervisor. */
  Future<Optional<SupervisorState>> waiting(UUID supervisorTaskId, UUID taskId) {
    return pool.preparedQuery(WAITING).execute(Tuple.of(supervisorTaskId, taskId))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  /** The states that waited on the task, now without it. */
  Future<List<SupervisorState>> taskEnded(UUID taskId) {
    return pool.preparedQuery(TASK_ENDED).execute(Tuple.of(taskId))
      .map(rows -> Rows.list(rows, SupervisorState::fromRow));
  }

  Future<Optional<SupervisorState>> phase(UUID contractId, String phase) {
    return pool.preparedQuery(PHASE).execute(Tuple.of(contractId, phase))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  Future<Optional<SupervisorState>> findByTask(UUID taskId) {
    return pool.preparedQuery(FIND_BY_TASK).execute(Tuple.of(taskId))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  /** Counts a restoration of the supervisor task; empty when it is no contract's supervisor. */
  Future<Optional<SupervisorState>> restored(UUID taskId, String source) {
    return pool.preparedQuery(RESTORED).execute(Tuple.of(taskId, source))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }

  Future<List<UUID>> missingTasks(List<UUID> taskIds) {
    return pool.preparedQuery(MISSING_TASKS).execute(Tuple.tuple().addArrayOfUUID(taskIds.toArray(UUID[]::new)))
      .map(rows -> Rows.list(rows, row -> row.getUUID("id")));
  }

  /** A checkpoint a supervisor can be restored from: its id, commit and when it was taken. */
  record Checkpoint(UUID id, String commitSha, OffsetDateTime takenAt) {
  }

  /** The supervisor task's checkpoint {@code checkpointId}, or its latest when that is null. */
  Future<Optional<Checkpoint>> checkpoint(UUID taskId, UUID checkpointId) {
    return pool.preparedQuery(CHECKPOINT).execute(Tuple.of(taskId, checkpointId))
      .map(rows -> Rows.first(rows).map(row -> new Checkpoint(row.getUUID("id"), row.getString("commit_sha"),
        row.getOffsetDateTime("created_at"))));
  }

  /** The supervisor's daemon reported its conversation; empty when the task is no contract's supervisor. */
  Future<Optional<SupervisorState>> conversation(UUID taskId, JsonArray messages) {
    return pool.preparedQuery(CONVERSATION).execute(Tuple.of(taskId, messages))
      .map(rows -> Rows.first(rows).map(SupervisorState::fromRow));
  }
}
