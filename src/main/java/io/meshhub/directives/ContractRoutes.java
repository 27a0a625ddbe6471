package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.JsonFields;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.meshhub.daemons.DaemonCommands;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

/**
 * Contracts and their repositories. Reads go to the repository; changes are requests to the directive engine.
 * Completion is open to the contract's supervisor task (tool key) as well as its owner.
 */
public final class ContractRoutes implements HttpRoutes {

  /** A rewind of the code waits for the daemon (the command timeout), plus this. */
  private static final long REPLY_MARGIN_MS = 5_000;

  private final EventBus bus;
  private final ContractRepository contracts;
  private final SupervisorStateRepository supervisorStates;
  private final long commandTimeoutMs;

  public ContractRoutes(EventBus bus, Pool pool, long commandTimeoutMs) {
    this.commandTimeoutMs = commandTimeoutMs;
    this.bus = bus;
    this.contracts = new ContractRepository(pool);
    this.supervisorStates = new SupervisorStateRepository(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("createContract").handler(Responses.json(201, this::create));
    builder.operation("listContracts").handler(Responses.json(200, this::list));
    builder.operation("getContract").handler(Responses.json(200, this::get));
    builder.operation("updateContract").handler(Responses.json(200, this::update));
    builder.operation("completeContract").handler(Responses.json(200, this::complete));
    builder.operation("listContractRepositories").handler(Responses.json(200, this::repositories));
    builder.operation("addContractRepository").handler(Responses.json(201, this::addRepository));
    builder.operation("getSupervisorState").handler(Responses.json(200, this::supervisorState));
    builder.operation("rewindSupervisorConversation").handler(Responses.json(200, this::rewindConversation));
    builder.operation("resumeSupervisor").handler(Responses.json(200, this::resumeSupervisor));
    builder.operation("notifyRedTeam").handler(Responses.json(200, this::notifyRedTeam));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    NewContract request = NewContract.fromRequest(Caller.of(ctx).ownerId(), Params.of(ctx).body());
    return BusCalls.ask(bus, ctx, DirectivesAddresses.CREATE_CONTRACT, request.toJson());
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String status = params.queryString("status");
    return contracts.list(Caller.of(ctx).ownerId(), status == null ? null : ContractStatus.fromWire(status),
        params.limit(), params.offset())
      .map(list -> new JsonArray(list.stream().map(Contract::toJson).toList()));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    return contracts.find(Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"))
      .map(found -> found.orElseThrow(() -> ApiException.notFound("contract")).toJson());
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    JsonObject changes = Params.of(ctx).body();
    return BusCalls.ask(bus, ctx, DirectivesAddresses.UPDATE_CONTRACT, new DirectiveMessages.Edit(
      Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"), changes.getInteger("version"), changes).toJson());
  }

  private Future<JsonObject> complete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return BusCalls.ask(bus, ctx, DirectivesAddresses.COMPLETE_CONTRACT, new DirectiveMessages.Ref(
      caller.ownerId(), Params.of(ctx).pathUuid("id"), caller.isTask() ? caller.taskId() : null).toJson());
  }

  private Future<JsonArray> repositories(RoutingContext ctx) {
    UUID ownerId = Caller.of(ctx).ownerId();
    UUID contractId = Params.of(ctx).pathUuid("id");
    return contracts.find(ownerId, contractId)
      .compose(found -> found.isPresent()
        ? contracts.repositories(ownerId, contractId, Params.of(ctx).limit(), Params.of(ctx).offset())
        : Future.failedFuture(ApiException.notFound("contract")))
      .map(list -> new JsonArray(list.stream().map(SourceRepository::toJson).toList()));
  }

  private Future<JsonObject> supervisorState(RoutingContext ctx) {
    UUID ownerId = Caller.of(ctx).ownerId();
    UUID contractId = Params.of(ctx).pathUuid("id");
    return contracts.find(ownerId, contractId)
      .compose(contract -> contract.isEmpty() ? Future.failedFuture(ApiException.notFound("contract"))
        : supervisorStates.find(ownerId, contractId))
      .map(state -> state.orElseThrow(() -> new ApiException(ErrorCode.NO_SUPERVISOR_STATE,
        "the contract has no supervisor")).toJson());
  }

  private Future<JsonObject> rewindConversation(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    ConversationRewind.Request rewind = new ConversationRewind.Request(Caller.of(ctx).ownerId(),
      Params.of(ctx).pathUuid("id"), body.getInteger("byMessageCount"), body.getString("toMessageId"),
      body.getBoolean("rewindCode", false));
    return BusCalls.ask(bus, ctx, DirectivesAddresses.REWIND_CONVERSATION, rewind.toJson(),
      commandTimeoutMs + REPLY_MARGIN_MS);
  }

  /** Waits for the placement on a daemon too: the spawn's delivery, after the scheduler's transaction. */
  private Future<JsonObject> resumeSupervisor(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    SupervisorRestoration.Request resume = new SupervisorRestoration.Request(Caller.of(ctx).ownerId(),
      Params.of(ctx).pathUuid("id"), body.getString("resumeMode"), JsonFields.uuid(body, "checkpointId"));
    return BusCalls.ask(bus, ctx, DirectivesAddresses.RESUME_SUPERVISOR, resume.toJson(),
      DaemonCommands.DELIVERY_TIMEOUT_MS + REPLY_MARGIN_MS);
  }

  /** A red-team monitor's finding (tool key); the directive engine checks that the caller is one. */
  private Future<JsonObject> notifyRedTeam(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return BusCalls.ask(bus, ctx, DirectivesAddresses.RED_TEAM_NOTIFY, RedTeam.Finding.fromRequest(caller.ownerId(),
      caller.taskId(), Params.of(ctx).body()).toJson(), DaemonCommands.DELIVERY_TIMEOUT_MS + REPLY_MARGIN_MS);
  }

  private Future<JsonObject> addRepository(RoutingContext ctx) {
    return BusCalls.ask(bus, ctx, DirectivesAddresses.ADD_REPOSITORY, new DirectiveMessages.NewRepository(
      Caller.of(ctx).ownerId(), Params.of(ctx).pathUuid("id"), Params.of(ctx).body()).toJson());
  }

}
