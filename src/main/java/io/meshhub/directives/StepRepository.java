package io.meshhub.directives;

import io.meshhub.core.Rows;
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

/**
 * Steps of chains and their evaluations. Each move of a step is guarded by the status it leaves, so the two paths
 * that report a finished step (its contract, its supervisor task) move it once, and two schedulers never dispatch
 * a step twice.
 */
final class StepRepository {

  /** A step as the engine needs it. */
  record Step(UUID id, UUID chainId, UUID directiveId, UUID ownerId, String name, String description,
              String taskPlan, List<UUID> dependsOn, StepStatus status, int reworkCount, UUID contractId, UUID taskId,
              UUID monitoringContractId, UUID monitoringTaskId, UUID lastEvaluationId) {

    static Step fromRow(Row row) {
      return new Step(row.getUUID("id"), row.getUUID("chain_id"), row.getUUID("directive_id"),
        row.getUUID("owner_id"), row.getString("name"), row.getString("description"), row.getString("task_plan"),
        List.of(row.getArrayOfUUIDs("depends_on")), StepStatus.fromWire(row.getString("status")),
        row.getInteger("rework_count"),
        row.getUUID("contract_id"), row.getUUID("task_id"), row.getUUID("monitoring_contract_id"),
        row.getUUID("monitoring_task_id"), row.getUUID("last_evaluation_id"));
    }
  }

  private static final String OF_CHAIN = "select * from steps where chain_id = $1 order by order_index";
  /**
   * A pending step starts an attempt: the links to the previous attempt's contract and task are cleared, so that
   * until this attempt's are written nothing of an earlier one is taken for it (and its start time tells the
   * reconciler which tasks belong to it).
   */
  private static final String START_EVALUATION = """
    update steps set status = 'evaluating', monitoring_contract_id = null, monitoring_task_id = null,
                     updated_at = now()
    where id = $1 and status = any($2) returning *""";
  private static final String START_ATTEMPT = """
    update steps set status = 'running', contract_id = null, task_id = null, updated_at = now()
    where id = $1 and status = 'pending' returning *""";
  /** Directives whose chain may move: active or paused, with a chain. */
  private static final String MOVABLE_DIRECTIVES = """
    select id, owner_id from directives where status in ('active', 'paused') and current_chain_id is not null""";
  /** A directive's running and evaluating steps, with the state of the tasks and contracts doing their work. */
  private static final String IN_FLIGHT = """
    select s.*, t.status as task_status, c.status as contract_status, mt.status as monitor_task_status,
           mc.status as monitor_contract_status
    from directives d
    join steps s on s.chain_id = d.current_chain_id
    left join tasks t on t.id = s.task_id
    left join contracts c on c.id = s.contract_id
    left join tasks mt on mt.id = s.monitoring_task_id
    left join contracts mc on mc.id = s.monitoring_contract_id
    where d.id = $1 and s.status in ('running', 'evaluating')""";
  /** The newest task made for a step (its work: a supervisor; its monitor: an evaluator) since it was last moved. */
  private static final String NEWEST_TASK_OF_STEP = """
    select t.id, t.contract_id from tasks t join steps s on s.id = t.directive_step_id
    where s.id = $1 and t.is_supervisor = $2 and t.created_at >= s.updated_at
    order by t.created_at desc limit 1""";
  private static final String FIND = "select * from steps where id = $1 and owner_id = $2";
  /** The step (if any) that a finished task or contract belongs to, as its work or as its monitor. */
  private static final String BY_WORK = """
    select * from steps where task_id = $1 or contract_id = $1 or monitoring_task_id = $1
      or monitoring_contract_id = $1""";
  private static final String MOVE = """
    update steps set status = $3, updated_at = now() where id = $1 and status = any($2) returning *""";
  /** The attempt's contract, written with the attempt's start (one transaction). */
  private static final String LINK_CONTRACT = """
    update steps set contract_id = $2, updated_at = now() where id = $1 returning *""";
  /** The attempt's supervisor task, once the scheduler made it. */
  private static final String LINK_TASK = """
    update steps set task_id = $2 where id = $1 and contract_id = $3 returning *""";
  /** The monitoring contract, written with the move to evaluating (one transaction). */
  private static final String LINK_MONITOR_CONTRACT = """
    update steps set monitoring_contract_id = $2, updated_at = now() where id = $1 returning *""";
  /** The evaluator task, once the scheduler made it. */
  private static final String LINK_MONITOR_TASK = """
    update steps set monitoring_task_id = $2 where id = $1 and monitoring_contract_id = $3 returning *""";
  /** Passes or fails the evaluated step, counting it on its chain. */
  private static final String SETTLE = """
    with step as (
      update steps set status = $2, score = $3, confidence = $4, last_evaluation_id = $5, updated_at = now()
      where id = $1 and status = any($6)
      returning *),
    counted as (
      update chains set completed_step_count = completed_step_count + (case when $2 = 'passed' then 1 else 0 end),
                        failed_step_count = failed_step_count + (case when $2 = 'failed' then 1 else 0 end),
                        updated_at = now()
      where id = (select chain_id from step))
    select * from step""";
  private static final String REWORK = """
    update steps set status = 'pending', rework_count = rework_count + 1, score = $2, confidence = $3,
                     last_evaluation_id = $4, updated_at = now()
    where id = $1 and status = 'evaluating'
    returning *""";
  private static final String INSERT_EVALUATION = """
    insert into evaluations (directive_id, owner_id, chain_id, step_id, contract_id, evaluation_type, evaluator,
                             passed, overall_score, confidence_level, criteria_results, summary_feedback,
                             rework_instructions)
    values ($1, $2, $3, $4, $5, 'monitoring', 'automated', $6, $7, $8, $9, $10, $11)
    on conflict (contract_id) where evaluation_type = 'monitoring' and contract_id is not null do nothing
    returning id""";
  private static final String EVALUATION = "select * from evaluations where id = $1";
  private static final String MONITORING_EVALUATION = """
    select id from evaluations where contract_id = $1 and evaluation_type = 'monitoring'""";
  private static final String SETTLE_CHAIN = """
    update chains set status = $2, updated_at = now() where id = $1 and status = 'active' returning id""";

  private final Pool pool;

  StepRepository(Pool pool) {
    this.pool = pool;
  }

  Future<List<Step>> ofChain(UUID chainId) {
    return pool.preparedQuery(OF_CHAIN).execute(Tuple.of(chainId)).map(StepRepository::all);
  }

  Future<Optional<Step>> find(UUID ownerId, UUID stepId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(stepId, ownerId)).map(StepRepository::first);
  }

  Future<Optional<Step>> byWork(UUID taskOrContractId) {
    return pool.preparedQuery(BY_WORK).execute(Tuple.of(taskOrContractId)).map(StepRepository::first);
  }

  /** Starts an attempt of a pending step (see {@link #START_ATTEMPT}); empty when it was not pending. */
  Future<Optional<Step>> startAttempt(SqlClient client, UUID stepId) {
    return client.preparedQuery(START_ATTEMPT).execute(Tuple.of(stepId)).map(StepRepository::first);
  }

  /**
   * The step goes to be judged: the links to an earlier monitor are cleared like an attempt's (see
   * {@link #START_ATTEMPT}); empty when the step was in none of {@code from}.
   */
  Future<Optional<Step>> startEvaluation(SqlClient client, UUID stepId, List<StepStatus> from) {
    return client.preparedQuery(START_EVALUATION)
      .execute(Tuple.of(stepId).addArrayOfString(StepStatus.wires(from))).map(StepRepository::first);
  }

  /** Moves the step to {@code to} if it is in one of {@code from}; empty when it was not. */
  Future<Optional<Step>> move(UUID stepId, List<StepStatus> from, StepStatus to) {
    return pool.preparedQuery(MOVE).execute(Tuple.of(stepId).addArrayOfString(StepStatus.wires(from))
      .addString(to.wire())).map(StepRepository::first);
  }

  Future<Step> linkContract(UUID stepId, UUID contractId) {
    return linkContract(pool, stepId, contractId);
  }

  Future<Step> linkContract(SqlClient client, UUID stepId, UUID contractId) {
    return client.preparedQuery(LINK_CONTRACT).execute(Tuple.of(stepId, contractId))
      .map(rows -> Step.fromRow(rows.iterator().next()));
  }

  /** Links the task made for the step's current contract; empty when the step has moved on to another contract. */
  Future<Optional<Step>> linkTask(SqlClient client, UUID stepId, UUID contractId, UUID taskId) {
    return client.preparedQuery(LINK_TASK).execute(Tuple.of(stepId, taskId, contractId)).map(StepRepository::first);
  }

  Future<Step> linkMonitorContract(SqlClient client, UUID stepId, UUID contractId) {
    return client.preparedQuery(LINK_MONITOR_CONTRACT).execute(Tuple.of(stepId, contractId))
      .map(rows -> Step.fromRow(rows.iterator().next()));
  }

  /** Links the evaluator made for the step's monitoring contract; empty when the step has another one now. */
  Future<Optional<Step>> linkMonitorTask(UUID stepId, UUID contractId, UUID taskId) {
    return pool.preparedQuery(LINK_MONITOR_TASK).execute(Tuple.of(stepId, taskId, contractId))
      .map(StepRepository::first);
  }

  /** Passes or fails the step if it is in one of {@code from}; counted on its chain. */
  Future<Optional<Step>> settle(SqlClient client, UUID stepId, StepStatus status, Double score, String confidence,
                                UUID evaluationId, List<StepStatus> from) {
    return client.preparedQuery(SETTLE).execute(Tuple.of(stepId, status.wire(), score, confidence, evaluationId)
      .addArrayOfString(StepStatus.wires(from))).map(StepRepository::first);
  }

  Future<Optional<Step>> rework(SqlClient client, UUID stepId, Double score, String confidence,
                                UUID evaluationId) {
    return client.preparedQuery(REWORK).execute(Tuple.of(stepId, score, confidence, evaluationId))
      .map(StepRepository::first);
  }

  /**
   * Stores the monitor's verdict, or finds the one stored already (by another node, the other completion path, or
   * a hub that stopped before it moved the step): either way the id of the monitor's one evaluation.
   */
  Future<UUID> storeEvaluation(SqlClient client, Step step, Verdict verdict) {
    return addEvaluation(client, step, verdict).compose(added -> added.isPresent() ? Future.succeededFuture(added.get())
      // A separate statement: its snapshot sees the row whose commit the insert's conflict waited for.
      : client.preparedQuery(MONITORING_EVALUATION).execute(Tuple.of(step.monitoringContractId()))
        .map(rows -> rows.iterator().next().getUUID("id")));
  }

  private Future<Optional<UUID>> addEvaluation(SqlClient client, Step step, Verdict verdict) {
    Tuple params = Tuple.of(step.directiveId(), step.ownerId(), step.chainId(), step.id(),
        step.monitoringContractId(), verdict.passed())
      .addValue(verdict.overallScore()).addValue(verdict.confidenceLevel()).addValue(verdict.criteriaResults())
      .addValue(verdict.summaryFeedback()).addValue(verdict.reworkInstructions());
    return client.preparedQuery(INSERT_EVALUATION).execute(params)
      .map(rows -> Rows.first(rows).map(row -> row.getUUID("id")));
  }

  Future<Optional<JsonObject>> evaluation(UUID evaluationId) {
    return pool.preparedQuery(EVALUATION).execute(Tuple.of(evaluationId)).map(rows -> Rows.first(rows)
      .map(row -> new JsonObject().put("summaryFeedback", row.getString("summary_feedback"))
        .put("reworkInstructions", row.getString("rework_instructions"))));
  }

  /** Completes or fails the chain if it is still active; false when it was not. */
  Future<Boolean> settleChain(UUID chainId, ChainStatus status) {
    return pool.preparedQuery(SETTLE_CHAIN).execute(Tuple.of(chainId, status.wire())).map(rows -> rows.size() == 1);
  }

  /** A step in flight and what its work and its monitor have come to (statuses, null when there is none). */
  record InFlight(Step step, String taskStatus, String contractStatus, String monitorTaskStatus,
                  String monitorContractStatus) {
  }

  /** The directives whose chains may move: {@code {id, ownerId}} pairs. */
  Future<List<UUID[]>> movableDirectives() {
    return pool.query(MOVABLE_DIRECTIVES).execute()
      .map(rows -> Rows.list(rows, row -> new UUID[] {row.getUUID("id"), row.getUUID("owner_id")}));
  }

  Future<List<InFlight>> inFlight(UUID directiveId) {
    return pool.preparedQuery(IN_FLIGHT).execute(Tuple.of(directiveId)).map(rows -> Rows.list(rows, row ->
      new InFlight(Step.fromRow(row), row.getString("task_status"), row.getString("contract_status"),
        row.getString("monitor_task_status"), row.getString("monitor_contract_status"))));
  }

  /** The newest work ({@code supervisor}) or evaluator task created for the step since its last move. */
  Future<Optional<UUID[]>> newestTaskOf(UUID stepId, boolean supervisor) {
    return pool.preparedQuery(NEWEST_TASK_OF_STEP).execute(Tuple.of(stepId, supervisor))
      .map(rows -> Rows.first(rows).map(row -> new UUID[] {row.getUUID("id"), row.getUUID("contract_id")}));
  }

  private static Optional<Step> first(RowSet<Row> rows) {
    return Rows.first(rows).map(Step::fromRow);
  }

  private static List<Step> all(RowSet<Row> rows) {
    return Rows.list(rows, Step::fromRow);
  }
}
