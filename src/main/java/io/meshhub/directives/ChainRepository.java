package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Chains and their steps. A directive has at most one active chain (a unique index guards it). */
final class ChainRepository {

  private static final String INSERT_CHAIN = """
    insert into chains (id, directive_id, owner_id, name) values ($1, $2, $3, $4) returning *""";
  private static final String INSERT_STEP = """
    insert into steps (id, chain_id, directive_id, owner_id, name, description, task_plan, depends_on, order_index)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  private static final String CHAIN = "select * from chains where id = $1 and owner_id = $2";
  private static final String STEPS = "select * from steps where chain_id = $1 and owner_id = $2 order by order_index";

  private final Pool pool;

  ChainRepository(Pool pool) {
    this.pool = pool;
  }

  /** Writes the chain and its steps, dependencies turned from names into step ids. */
  Future<UUID> insert(SqlClient client, Directive directive, List<PlanValidator.PlannedStep> steps) {
    UUID chainId = UUID.randomUUID();
    Map<String, UUID> ids = new HashMap<>();
    steps.forEach(step -> ids.put(step.name(), UUID.randomUUID()));
    Future<Void> written = client.preparedQuery(INSERT_CHAIN)
      .execute(Tuple.of(chainId, directive.id(), directive.ownerId(), directive.title() + " - Chain")).mapEmpty();
    for (int i = 0; i < steps.size(); i++) {
      PlanValidator.PlannedStep step = steps.get(i);
      UUID[] dependsOn = step.dependsOn().stream().map(ids::get).toArray(UUID[]::new);
      Tuple params = Tuple.of(ids.get(step.name()), chainId, directive.id(), directive.ownerId(), step.name(),
        step.description()).addValue(step.taskPlan()).addArrayOfUUID(dependsOn).addInteger(i);
      written = written.compose(previous -> client.preparedQuery(INSERT_STEP).execute(params).mapEmpty());
    }
    return written.map(chainId);
  }

  /** The chain with its steps, as {@code GET /api/v1/directives/{id}/chain} shows it. */
  Future<Optional<JsonObject>> chainWithSteps(UUID ownerId, UUID chainId) {
    return pool.preparedQuery(CHAIN).execute(Tuple.of(chainId, ownerId)).compose(rows -> {
      Optional<Row> chain = Rows.first(rows);
      if (chain.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      return pool.preparedQuery(STEPS).execute(Tuple.of(chainId, ownerId)).map(steps -> Optional.of(
        chainJson(chain.get()).put("steps", new JsonArray(Rows.list(steps, ChainRepository::stepJson)))));
    });
  }

  private static JsonObject chainJson(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("directiveId", row.getUUID("directive_id").toString())
      .put("name", row.getString("name"))
      .put("status", row.getString("status"))
      .put("completedStepCount", row.getInteger("completed_step_count"))
      .put("failedStepCount", row.getInteger("failed_step_count"))
      .put("createdAt", Rows.isoTime(row, "created_at"));
  }

  static JsonObject stepJson(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("chainId", row.getUUID("chain_id").toString())
      .put("name", row.getString("name"))
      .put("description", row.getString("description"))
      .put("taskPlan", row.getString("task_plan"))
      .put("dependsOn", new JsonArray(Arrays.stream(row.getArrayOfUUIDs("depends_on")).map(UUID::toString).toList()))
      .put("orderIndex", row.getInteger("order_index"))
      .put("status", row.getString("status"))
      .put("reworkCount", row.getInteger("rework_count"))
      .put("contractId", text(row.getUUID("contract_id")))
      .put("taskId", text(row.getUUID("task_id")))
      .put("monitoringContractId", text(row.getUUID("monitoring_contract_id")))
      .put("monitoringTaskId", text(row.getUUID("monitoring_task_id")))
      .put("score", row.getDouble("score"))
      .put("confidence", row.getString("confidence"))
      .put("lastEvaluationId", text(row.getUUID("last_evaluation_id")));
  }
}
