package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.core.Rows;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Directives over HTTP. Reads go to the repositories; every change is a request to the directive engine. The plan
 * may be submitted by the owner or by the directive's planner task with its tool key.
 */
public final class DirectiveRoutes implements HttpRoutes {

  private static final String EVALUATIONS = """
    select * from evaluations where directive_id = $1 and owner_id = $2 order by created_at, id
    limit $3 offset $4""";

  private final EventBus bus;
  private final Pool pool;
  private final DirectiveRepository directives;
  private final ChainRepository chains;
  private final DirectiveEvents events;

  public DirectiveRoutes(EventBus bus, Pool pool) {
    this.bus = bus;
    this.pool = pool;
    this.directives = new DirectiveRepository(pool);
    this.chains = new ChainRepository(pool);
    this.events = new DirectiveEvents(pool, bus);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("createDirective").handler(Responses.json(201, ctx -> BusCalls.ask(bus, ctx,
      DirectivesAddresses.CREATE_DIRECTIVE, new DirectiveMessages.NewDirective(Caller.of(ctx).ownerId(),
        Params.of(ctx).body()).toJson())));
    builder.operation("listDirectives").handler(Responses.json(200, this::list));
    builder.operation("getDirective").handler(Responses.json(200, ctx -> existing(ctx).map(Directive::toJson)));
    builder.operation("updateDirective").handler(Responses.json(200, ctx -> BusCalls.ask(bus, ctx,
      DirectivesAddresses.UPDATE_DIRECTIVE, new DirectiveMessages.Edit(Caller.of(ctx).ownerId(), directiveId(ctx),
        Params.of(ctx).body().getInteger("version"), withoutVersion(Params.of(ctx).body())).toJson())));
    builder.operation("deleteDirective").handler(Responses.noContent(ctx -> BusCalls.ask(bus, ctx,
      DirectivesAddresses.DELETE_DIRECTIVE, new DirectiveMessages.Ref(Caller.of(ctx).ownerId(), directiveId(ctx),
        null).toJson())));
    for (DirectiveMessages.Action action : DirectiveMessages.Action.values()) {
      builder.operation(action.wire() + "Directive").handler(Responses.json(200, ctx -> BusCalls.ask(bus, ctx,
        DirectivesAddresses.MOVE_DIRECTIVE, new DirectiveMessages.Move(Caller.of(ctx).ownerId(), directiveId(ctx),
          action).toJson())));
    }
    builder.operation("submitPlan").handler(Responses.json(200, this::submitPlan));
    builder.operation("getDirectiveChain").handler(Responses.json(200, this::chain));
    builder.operation("listDirectiveEvents").handler(Responses.json(200, this::events));
    builder.operation("listDirectiveEvaluations").handler(Responses.json(200, this::evaluations));
    builder.operation("evaluateStep").handler(Responses.json(200, ctx -> BusCalls.ask(bus, ctx,
      DirectivesAddresses.EVALUATE_STEP, new DirectiveMessages.StepEvaluation(Caller.of(ctx).ownerId(),
        directiveId(ctx), Params.of(ctx).pathUuid("stepId")).toJson())));
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    return directives.list(Caller.of(ctx).ownerId(), params.queryString("status"), params.limit(), params.offset())
      .map(list -> new JsonArray(list.stream().map(Directive::toJson).toList()));
  }

  private Future<JsonObject> submitPlan(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return BusCalls.ask(bus, ctx, DirectivesAddresses.SUBMIT_PLAN, new DirectiveMessages.PlanSubmission(
      caller.ownerId(), directiveId(ctx), Params.of(ctx).body(), caller.isTask() ? caller.taskId() : null).toJson());
  }

  private Future<JsonObject> chain(RoutingContext ctx) {
    return existing(ctx).compose(directive -> directive.currentChainId() == null
      ? Future.failedFuture(ApiException.notFound("chain"))
      : chains.chainWithSteps(directive.ownerId(), directive.currentChainId())
        .map(chain -> chain.orElseThrow(() -> ApiException.notFound("chain"))));
  }

  private Future<JsonArray> events(RoutingContext ctx) {
    Params params = Params.of(ctx);
    return existing(ctx).compose(directive -> events.list(directive.ownerId(), directive.id(),
        params.queryLong("since", 0), params.queryInt("limit", 1000)))
      .map(list -> new JsonArray(list));
  }

  private Future<JsonArray> evaluations(RoutingContext ctx) {
    return existing(ctx).compose(directive -> pool.preparedQuery(EVALUATIONS)
      .execute(Tuple.of(directive.id(), directive.ownerId(), Params.of(ctx).limit(), Params.of(ctx).offset()))
      .map(rows -> new JsonArray(Rows.list(rows, row -> new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("directiveId", row.getUUID("directive_id").toString())
        .put("chainId", text(row.getUUID("chain_id")))
        .put("stepId", text(row.getUUID("step_id")))
        .put("contractId", text(row.getUUID("contract_id")))
        .put("evaluationType", row.getString("evaluation_type"))
        .put("evaluator", row.getString("evaluator"))
        .put(VerdictField.PASSED.wire(), row.getBoolean(VerdictField.PASSED.wire()))
        .put(VerdictField.OVERALL_SCORE.wire(), row.getDouble("overall_score"))
        .put(VerdictField.CONFIDENCE_LEVEL.wire(), row.getString("confidence_level"))
        .put(VerdictField.CRITERIA_RESULTS.wire(), row.getValue("criteria_results"))
        .put(VerdictField.SUMMARY_FEEDBACK.wire(), row.getString("summary_feedback"))
        .put(VerdictField.REWORK_INSTRUCTIONS.wire(), row.getString("rework_instructions"))
        .put("createdAt", Rows.isoTime(row, "created_at"))))));
  }

  private Future<Directive> existing(RoutingContext ctx) {
    return directives.find(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"))
      .map(found -> found.orElseThrow(() -> ApiException.notFound("directive")));
  }

  private static JsonObject withoutVersion(JsonObject body) {
    JsonObject changes = body.copy();
    changes.remove("version");
    return changes;
  }

  private static UUID directiveId(RoutingContext ctx) {
    return Params.of(ctx).pathUuid("id");
  }
}
