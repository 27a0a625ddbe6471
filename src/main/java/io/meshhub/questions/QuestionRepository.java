package io.meshhub.questions;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Questions in Postgres. Every change of status is a conditional update, so exactly one answer wins, a question
 * times out only if nobody answered it first, and an answer is handed to the agent once, whichever node serves it.
 */
final class QuestionRepository {

  /** The asking task as the broker needs it: what it is attached to, and its directive's reconcile mode. */
  record Asker(UUID taskId, UUID contractId, UUID directiveId, String reconcileMode, boolean finished) {
  }

  /** An answer just stored, with where to forward it. */
  record Answered(Question question, String response, UUID daemonId, boolean taskOnDaemon) {
  }

  private static final String ASKER = """
    select t.id, t.contract_id, t.directive_id, t.status in ('done', 'failed', 'merged', 'cancelled') as finished,
           d.reconcile_mode
    from tasks t left join directives d on d.id = t.directive_id and d.owner_id = t.owner_id
    where t.id = $1 and t.owner_id = $2""";
  private static final String INSERT = """
    with question as (
      insert into questions (id, owner_id, task_id, contract_id, directive_id, question, choices, context,
                             multi_select, question_type, phaseguard)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      returning *),
    logged as (
      insert into task_events (task_id, owner_id, event_type, event_data)
      select task_id, owner_id, 'output', $12 from question)
    select * from question""";
  private static final String PENDING = """
    select * from questions where owner_id = $1 and status = 'pending' order by created_at, id limit $2 offset $3""";
  private static final String ANSWER = """
    with answered as (
      update questions set status = 'answered', response = $3, answered_at = now()
      where id = $1 and owner_id = $2 and status = 'pending'
      returning *)
    select a.*, t.daemon_id, t.status in ('starting', 'running', 'paused') as task_on_daemon
    from answered a join tasks t on t.id = a.task_id""";
  private static final String OWNER_OF = "select owner_id from questions where id = $1";
  /** For a poll: the question's state, for the asking task only. */
  private static final String STATE = """
    select status, response, delivered_at is not null as delivered from questions
    where id = $1 and owner_id = $2 and task_id = $3""";
  /** Takes the answer for delivery, if nobody has taken it yet: from now on, later polls find nothing. */
  private static final String HAND_OUT = """
    update questions set delivered_at = now() where id = $1 and status = 'answered' and delivered_at is null
    returning response""";
  /** The answer taken for delivery never reached the agent: it is handed out again to the next poll. */
  private static final String TAKE_BACK = """
    update questions set delivered_at = null where id = $1 and status = 'answered'""";
  private static final String TIME_OUT = """
    update questions set status = 'timed_out' where id = $1 and status = 'pending' returning id""";
  /** A restored supervisor's questions: pending again if they were cancelled with its task. */
  private static final String REOPEN = """
    with reopened as (
      update questions set status = 'pending'
      where task_id = $1 and owner_id = $2 and id = any($3) and status in ('pending', 'cancelled')
      returning *)
    select * from reopened order by created_at, id""";
  private static final String CANCEL_FOR_TASKS = """
    update questions set status = 'cancelled' where task_id = any($1::uuid[]) and status = 'pending'
    returning id, task_id""";

  private final Pool pool;

  QuestionRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<Asker>> asker(UUID taskId, UUID ownerId) {
    return pool.preparedQuery(ASKER).execute(Tuple.of(taskId, ownerId)).map(rows -> Rows.first(rows)
      .map(row -> new Asker(row.getUUID("id"), row.getUUID("contract_id"), row.getUUID("directive_id"),
        row.getString("reconcile_mode"), row.getBoolean("finished"))));
  }

  /** Stores a pending question under the given id, with its entry in the task's log. */
  Future<Question> insert(UUID id, AskRequest ask, Asker asker, boolean phaseguard, JsonObject logEntry) {
    Tuple params = Tuple.of(id, ask.ownerId(), ask.taskId(), asker.contractId(), asker.directiveId(), ask.question())
      .addValue(ask.choices()).addValue(ask.context()).addValue(ask.multiSelect()).addValue(ask.questionType())
      .addValue(phaseguard).addValue(logEntry);
    return pool.preparedQuery(INSERT).execute(params).map(rows -> Question.fromRow(rows.iterator().next()));
  }

  Future<List<Question>> pending(UUID ownerId, int limit, long offset) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(ownerId, limit, offset))
      .map(rows -> Rows.list(rows, Question::fromRow));
  }

  /** Stores the answer if the question is still pending; empty when another answer (or anything else) came first. */
  Future<Optional<Answered>> answer(UUID questionId, UUID ownerId, String response) {
    return pool.preparedQuery(ANSWER).execute(Tuple.of(questionId, ownerId, response)).map(rows -> Rows.first(rows)
      .map(row -> new Answered(Question.fromRow(row), row.getString("response"), row.getUUID("daemon_id"),
        row.getBoolean("task_on_daemon"))));
  }

  Future<Optional<UUID>> ownerOf(UUID questionId) {
    return pool.preparedQuery(OWNER_OF).execute(Tuple.of(questionId))
      .map(rows -> Rows.first(rows).map(row -> row.getUUID("owner_id")));
  }

  /** The question's state as the asking task sees it; empty for any other task or owner. */
  Future<Optional<Row>> state(UUID questionId, UUID ownerId, UUID taskId) {
    return pool.preparedQuery(STATE).execute(Tuple.of(questionId, ownerId, taskId)).map(Rows::first);
  }

  /** The answer, taken for delivery; empty when there is none or it was already taken. */
  Future<Optional<String>> handOut(UUID questionId) {
    return pool.preparedQuery(HAND_OUT).execute(Tuple.of(questionId))
      .map(rows -> Rows.first(rows).map(row -> row.getString("response")));
  }

  Future<Void> takeBack(UUID questionId) {
    return pool.preparedQuery(TAKE_BACK).execute(Tuple.of(questionId)).mapEmpty();
  }

  /** Times the question out unless it was answered or cancelled first. */
  Future<Boolean> timeOut(UUID questionId) {
    return pool.preparedQuery(TIME_OUT).execute(Tuple.of(questionId)).map(rows -> rows.size() == 1);
  }

  /** Cancels the pending questions of a task that ended; returns their ids. */
  /** The questions of the redelivery that are pending now, oldest first. */
  Future<List<Question>> reopen(Redelivery redelivery) {
    return pool.preparedQuery(REOPEN).execute(Tuple.of(redelivery.taskId(), redelivery.ownerId())
        .addArrayOfUUID(redelivery.questionIds().toArray(UUID[]::new)))
      .map(rows -> Rows.list(rows, Question::fromRow));
  }

  /** Cancels the pending questions of these ended tasks; for each task, the questions it cancelled. */
  Future<List<List<UUID>>> cancelForTasks(List<UUID> taskIds) {
    return pool.preparedQuery(CANCEL_FOR_TASKS).execute(Tuple.of(taskIds.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, List<UUID>> byTask = new HashMap<>();
      rows.forEach(row -> byTask.computeIfAbsent(row.getUUID("task_id"), task -> new ArrayList<>())
        .add(row.getUUID("id")));
      return taskIds.stream().map(taskId -> byTask.getOrDefault(taskId, List.of())).toList();
    });
  }
}
