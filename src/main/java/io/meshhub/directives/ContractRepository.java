package io.meshhub.directives;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Contracts and their repositories. Every statement names the owner; changes are guarded by version or status, so
 * they hold across hub nodes.
 */
final class ContractRepository {

  /** {@code directive_id} and {@code is_directive_orchestrator} are set only by the directive engine. */
  private static final String INSERT = """
    insert into contracts (owner_id, name, description, contract_type, phase, local_only, auto_merge_local,
                           autonomous_loop, phase_guard, red_team_enabled, red_team_prompt, directive_id,
                           is_directive_orchestrator)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    returning *""";
  private static final String INSERT_REPOSITORY = """
    insert into contract_repositories (contract_id, owner_id, name, repository_url, local_path, is_primary)
    select c.id, c.owner_id, $3, $4, $5, $6 from contracts c where c.id = $1 and c.owner_id = $2
    returning *""";
  /** A new primary repository takes the title from the one before. */
  private static final String UNSET_PRIMARY = """
    update contract_repositories set is_primary = false where contract_id = $1 and owner_id = $2 and is_primary""";
  /** Links the contract's supervisor and, in the same statement, gives it its supervisor state (or re-points it). */
  private static final String SET_SUPERVISOR = """
    with contract as (
      update contracts set supervisor_task_id = $2, version = version + 1, updated_at = now()
      where id = $1 returning *),
    state as (
      insert into supervisor_states (contract_id, owner_id, task_id, phase)
      select id, owner_id, supervisor_task_id, phase from contract
      on conflict (contract_id) do update set task_id = excluded.task_id, updated_at = now())
    select * from contract""";
  private static final String FIND = "select * from contracts where id = $1 and owner_id = $2";
  private static final String LIST = """
    select * from contracts where owner_id = $1 and ($2::text is null or status = $2)
    order by created_at desc, id limit $3 offset $4""";
  private static final String REPOSITORIES = """
    select * from contract_repositories where contract_id = $1 and owner_id = $2 order by created_at, id
    limit $3 offset $4""";
  private static final String PATCH = """
    update contracts set name = coalesce($4, name), description = coalesce($5, description),
                         phase = coalesce($6, phase), red_team_prompt = coalesce($7, red_team_prompt),
                         status = coalesce($8, status), version = version + 1, updated_at = now()
    where id = $1 and owner_id = $2 and version = $3
    returning *""";
  /** Completes an active contract, with its history entry; nothing when it is not active. */
  private static final String COMPLETE = """
    with contract as (
      update contracts set status = 'completed', completed_at = now(), version = version + 1, updated_at = now()
      where id = $1 and owner_id = $2 and status = 'active'
      returning *),
    logged as (
      insert into history_events (owner_id, contract_id, entity, action, actor, data)
      select owner_id, id, 'contract', 'completed', $3, jsonb_build_object('actorId', $4::text) from contract)
    select * from contract""";
  /** Whether a task may read and write the contract's files: its own contract, or one of its directive. */
  private static final String TASK_MAY_USE = """
    select 1 from contracts c join tasks t on t.id = $2 and t.owner_id = c.owner_id
    where c.id = $1 and c.owner_id = $3
      and (t.contract_id = c.id or (t.directive_id is not null and c.directive_id = t.directive_id))""";

  /**
   * Writing is narrower than reading: the verdict of a monitor and the plan of a planning contract are written by
   * those contracts' own tasks only, so that no step can forge its own evaluation.
   */
  private static final String TASK_MAY_WRITE = """
    select 1 from contracts c join tasks t on t.id = $2 and t.owner_id = c.owner_id
    where c.id = $1 and c.owner_id = $3
      and (t.contract_id = c.id
           or (t.directive_id is not null and c.directive_id = t.directive_id
               and c.contract_type <> 'monitoring' and not c.is_directive_orchestrator))""";

  private static final String IS_SUPERVISOR_TASK_OF = """
    select 1 from tasks where id = $1 and owner_id = $2 and contract_id = $3 and is_supervisor""";

  private final Pool pool;

  ContractRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates the contract and its repositories in one transaction. */
  Future<Contract> insert(NewContract request) {
    return pool.withTransaction(conn -> insert(conn, request));
  }

  /** Creates the contract and its repositories within the caller's transaction. */
  Future<Contract> insert(SqlClient conn, NewContract request) {
    Tuple params = Tuple.of(request.ownerId(), request.name(), request.description(), request.contractType(),
        request.phase(), request.localOnly())
      .addValue(request.autoMergeLocal()).addValue(request.autonomousLoop()).addValue(request.phaseGuard())
      .addValue(request.redTeamEnabled()).addValue(request.redTeamPrompt()).addValue(request.directiveId())
      .addValue(request.directiveOrchestrator());
    return conn.preparedQuery(INSERT).execute(params)
      .map(rows -> Contract.fromRow(rows.iterator().next()))
      .compose(contract -> {
        Future<Void> added = Future.succeededFuture();
        for (SourceRepository given : request.repositories()) {
          added = added.compose(previous -> insertRepository(conn, contract.ownerId(), contract.id(), given)
            .mapEmpty());
        }
        return added.map(contract);
      });
  }

  /** Adds a repository to the owner's contract; empty when the contract is not the owner's. */
  Future<Optional<SourceRepository>> addRepository(UUID ownerId, UUID contractId, SourceRepository repository) {
    return pool.withTransaction(conn -> insertRepository(conn, ownerId, contractId, repository));
  }

  private static Future<Optional<SourceRepository>> insertRepository(SqlClient client, UUID ownerId,
                                                                     UUID contractId, SourceRepository repository) {
    Future<Void> unset = repository.isPrimary()
      ? client.preparedQuery(UNSET_PRIMARY).execute(Tuple.of(contractId, ownerId)).mapEmpty()
      : Future.succeededFuture();
    return unset.compose(done -> client.preparedQuery(INSERT_REPOSITORY).execute(Tuple.of(contractId, ownerId,
        repository.name(), repository.repositoryUrl(), repository.localPath(), repository.isPrimary())))
      .map(rows -> Rows.first(rows).map(SourceRepository::fromRow));
  }

  Future<Contract> setSupervisorTask(UUID contractId, UUID taskId) {
    return setSupervisorTask(pool, contractId, taskId);
  }

  Future<Contract> setSupervisorTask(SqlClient client, UUID contractId, UUID taskId) {
    return client.preparedQuery(SET_SUPERVISOR).execute(Tuple.of(contractId, taskId))
      .map(rows -> Contract.fromRow(rows.iterator().next()));
  }

  Future<Optional<Contract>> find(UUID ownerId, UUID contractId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(contractId, ownerId))
      .map(rows -> Rows.first(rows).map(Contract::fromRow));
  }

  Future<List<Contract>> list(UUID ownerId, ContractStatus status, int limit, long offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(ownerId, status == null ? null : status.wire(), limit, offset))
      .map(rows -> Rows.list(rows, Contract::fromRow));
  }

  /** All the contract's repositories (its primary one is looked for among them). */
  Future<List<SourceRepository>> repositories(UUID ownerId, UUID contractId) {
    return repositories(ownerId, contractId, null, 0);
  }

  /** One page of the contract's repositories; a null limit is no limit. */
  Future<List<SourceRepository>> repositories(UUID ownerId, UUID contractId, Integer limit, long offset) {
    return pool.preparedQuery(REPOSITORIES).execute(Tuple.of(contractId, ownerId, limit, offset))
      .map(rows -> Rows.list(rows, SourceRepository::fromRow));
  }

  /** Edits the contract at the version the caller saw; empty when the guard refused. */
  Future<Optional<Contract>> patch(UUID ownerId, UUID contractId, int version, JsonObject changes,
                                   ContractStatus status) {
    Tuple params = Tuple.of(contractId, ownerId, version, changes.getString("name"), changes.getString("description"),
      changes.getString("phase")).addValue(changes.getString("redTeamPrompt"))
      .addValue(status == null ? null : status.wire());
    return pool.preparedQuery(PATCH).execute(params).map(rows -> Rows.first(rows).map(Contract::fromRow));
  }

  /** Completes the contract if it is active; {@code actor} is who completed it (owner or task). */
  Future<Optional<Contract>> complete(UUID ownerId, UUID contractId, String actor, UUID actorId) {
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(contractId, ownerId, actor, actorId.toString()))
      .map(rows -> Rows.first(rows).map(Contract::fromRow));
  }

  Future<Boolean> taskMayUse(UUID ownerId, UUID taskId, UUID contractId) {
    return pool.preparedQuery(TASK_MAY_USE).execute(Tuple.of(contractId, taskId, ownerId))
      .map(rows -> rows.size() == 1);
  }

  /** Whether the task was created as this contract's supervisor. */
  Future<Boolean> isSupervisorTaskOf(UUID ownerId, UUID taskId, UUID contractId) {
    return pool.preparedQuery(IS_SUPERVISOR_TASK_OF).execute(Tuple.of(taskId, ownerId, contractId))
      .map(rows -> rows.size() == 1);
  }

  Future<Boolean> taskMayWrite(UUID ownerId, UUID taskId, UUID contractId) {
    return pool.preparedQuery(TASK_MAY_WRITE).execute(Tuple.of(contractId, taskId, ownerId))
      .map(rows -> rows.size() == 1);
  }
}
