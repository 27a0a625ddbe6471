package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Directives; every change is guarded by status or version in SQL, so it holds across hub nodes. */
final class DirectiveRepository {

  private static final String INSERT = """
    insert into directives (owner_id, title, goal, requirements, acceptance_criteria, constraints, repository_url,
                            local_path, base_branch, reconcile_mode, max_chain_regenerations, max_rework_cycles,
                            confidence_threshold_green, confidence_threshold_yellow)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    returning *""";
  private static final String FIND = "select * from directives where id = $1 and owner_id = $2";
  private static final String LIST = """
    select * from directives where owner_id = $1 and ($2::text is null or status = $2)
    order by created_at desc, id limit $3 offset $4""";
  /** Goal and criteria ({@code $4}: whether they change) only while draft; the rest at any time. */
  private static final String PATCH = """
    update directives set
      title = coalesce($5, title), goal = coalesce($6, goal), requirements = coalesce($7, requirements),
      acceptance_criteria = coalesce($8, acceptance_criteria), constraints = coalesce($9, constraints),
      reconcile_mode = coalesce($10, reconcile_mode), repository_url = coalesce($11, repository_url),
      base_branch = coalesce($12, base_branch), max_rework_cycles = coalesce($13, max_rework_cycles),
      version = version + 1, updated_at = now()
    where id = $1 and owner_id = $2 and version = $3 and status <> 'archived' and (not $4 or status = 'draft')
    returning *""";
  private static final String DELETE = """
    delete from directives where id = $1 and owner_id = $2
      and status in ('draft', 'completed', 'failed', 'archived')""";
  /** Moves the directive from one of the given statuses to another. */
  private static final String MOVE = """
    update directives set status = $4, version = version + 1, updated_at = now()
    where id = $1 and owner_id = $2 and status = any($3)
    returning *""";
  private static final String SET_ORCHESTRATOR = """
    update directives set orchestrator_contract_id = $2, version = version + 1, updated_at = now()
    where id = $1
    returning *""";
  /**
   * Counts a regeneration of the plan and sends the directive back to draft, if it is still planning. The planning
   * contract is let go, so that the other report of the same attempt (contract, or planner task) finds no directive.
   */
  private static final String REGENERATE = """
    update directives set chain_generation_count = chain_generation_count + 1, status = 'draft',
                          orchestrator_contract_id = null, version = version + 1, updated_at = now()
    where id = $1 and status = 'planning' and current_chain_id is null
    returning *""";
  private static final String BY_ORCHESTRATOR = "select * from directives where orchestrator_contract_id = $1";
  /**
   * Directives that have been planning for a while without a planning contract linked (a start that stopped half
   * way), with the planning contract and planner that start made, if it got that far.
   */
  /**
   * Planning directives whose start stopped half way: the planning contract is committed with the move to planning,
   * but its planner task was never linked to it (made and not linked, or never made). Directives of an older start
   * that has no planning contract at all are listed too, with none.
   */
  private static final String STRANDED_PLANNING = """
    select d.id, d.owner_id, c.id as contract_id,
           (select t.id from tasks t where t.contract_id = c.id and t.is_supervisor
            order by t.created_at desc limit 1) as planner_id
    from directives d
    left join contracts c on c.id = d.orchestrator_contract_id
    where d.status = 'planning' and (c.id is null or c.supervisor_task_id is null)
      and d.updated_at < now() - make_interval(secs => $1::bigint / 1000.0)""";
  private static final String ACTIVATE = """
    update directives set current_chain_id = $2, status = 'active', version = version + 1, updated_at = now()
    where id = $1 and status = 'planning' and current_chain_id is null
    returning *""";

  private final Pool pool;

  DirectiveRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Directive> insert(UUID ownerId, JsonObject body) {
    Tuple params = Tuple.of(ownerId, body.getString("title").trim(), body.getString("goal"),
        body.getValue("requirements", new JsonArray()), body.getValue("acceptanceCriteria", new JsonArray()),
        body.getValue("constraints", new JsonArray()))
      .addValue(body.getString("repositoryUrl")).addValue(body.getString("localPath"))
      .addValue(body.getString("baseBranch")).addValue(body.getString("reconcileMode", "auto"))
      .addValue(body.getInteger("maxChainRegenerations", 2)).addValue(body.getInteger("maxReworkCycles", 3))
      .addValue(body.getDouble("confidenceThresholdGreen", 0.8))
      .addValue(body.getDouble("confidenceThresholdYellow", 0.5));
    return pool.preparedQuery(INSERT).execute(params).map(rows -> Directive.fromRow(rows.iterator().next()));
  }

  Future<Optional<Directive>> find(UUID ownerId, UUID directiveId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(directiveId, ownerId))
      .map(rows -> Rows.first(rows).map(Directive::fromRow));
  }

  Future<List<Directive>> list(UUID ownerId, String status, int limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(ownerId, status, limit, offset))
      .map(rows -> Rows.list(rows, Directive::fromRow));
  }

  /** Edits at the caller's version; empty when the guard refused (version, status). */
  Future<Optional<Directive>> patch(UUID ownerId, UUID directiveId, int version, JsonObject changes,
                                    boolean changesGoalOrCriteria) {
    Tuple params = Tuple.of(directiveId, ownerId, version, changesGoalOrCriteria, changes.getString("title"))
      .addValue(changes.getString("goal")).addValue(changes.getValue("requirements"))
      .addValue(changes.getValue("acceptanceCriteria")).addValue(changes.getValue("constraints"))
      .addValue(changes.getString("reconcileMode")).addValue(changes.getString("repositoryUrl"))
      .addValue(changes.getString("baseBranch")).addValue(changes.getInteger("maxReworkCycles"));
    return pool.preparedQuery(PATCH).execute(params).map(rows -> Rows.first(rows).map(Directive::fromRow));
  }

  Future<Boolean> delete(UUID ownerId, UUID directiveId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(directiveId, ownerId)).map(rows -> rows.rowCount() == 1);
  }

  /** Moves the directive to {@code to} if it is in one of {@code from}; empty otherwise. */
  /** The directive a step belongs to (it exists as long as its steps do). */
  Future<Directive> ofStep(StepRepository.Step step) {
    return find(step.ownerId(), step.directiveId()).map(Optional::orElseThrow);
  }

  Future<Optional<Directive>> move(UUID ownerId, UUID directiveId, List<DirectiveStatus> from, DirectiveStatus to) {
    return move(pool, ownerId, directiveId, from, to);
  }

  Future<Optional<Directive>> move(SqlClient client, UUID ownerId, UUID directiveId, List<DirectiveStatus> from,
                                   DirectiveStatus to) {
    String[] fromWire = from.stream().map(DirectiveStatus::wire).toArray(String[]::new);
    return client.preparedQuery(MOVE).execute(Tuple.of(directiveId, ownerId).addArrayOfString(fromWire)
      .addString(to.wire())).map(rows -> Rows.first(rows).map(Directive::fromRow));
  }

  /** A directive whose start stopped half way: its ids, and the planning contract and planner made, or null. */
  record StrandedPlanning(UUID directiveId, UUID ownerId, UUID contractId, UUID plannerId) {
  }

  Future<List<StrandedPlanning>> strandedPlanning(long quietForMs) {
    return pool.preparedQuery(STRANDED_PLANNING).execute(Tuple.of(quietForMs)).map(rows -> Rows.list(rows, row ->
      new StrandedPlanning(row.getUUID("id"), row.getUUID("owner_id"), row.getUUID("contract_id"),
        row.getUUID("planner_id"))));
  }

  Future<Directive> setOrchestrator(SqlClient client, UUID directiveId, UUID contractId) {
    return client.preparedQuery(SET_ORCHESTRATOR).execute(Tuple.of(directiveId, contractId))
      .map(rows -> Directive.fromRow(rows.iterator().next()));
  }

  Future<Optional<Directive>> regenerate(UUID directiveId) {
    return pool.preparedQuery(REGENERATE).execute(Tuple.of(directiveId))
      .map(rows -> Rows.first(rows).map(Directive::fromRow));
  }

  /** The directive this contract is (currently) the planning contract of. */
  Future<Optional<Directive>> byOrchestrator(UUID contractId) {
    return pool.preparedQuery(BY_ORCHESTRATOR).execute(Tuple.of(contractId))
      .map(rows -> Rows.first(rows).map(Directive::fromRow));
  }

  /** Makes the chain current and the directive active, if it is still planning without a chain. */
  Future<Optional<Directive>> activate(SqlClient client, UUID directiveId, UUID chainId) {
    return client.preparedQuery(ACTIVATE).execute(Tuple.of(directiveId, chainId))
      .map(rows -> Rows.first(rows).map(Directive::fromRow));
  }
}
