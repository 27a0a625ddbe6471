package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.Optional;
import java.util.UUID;

/**
 * Files of contracts, for owners and for tasks: a task reaches the files of its own contract and, for a directive
 * task, of any contract of its directive. Anything else is not found.
 */
public final class FileRoutes implements HttpRoutes {

  private final EventBus bus;
  private final ContractRepository contracts;
  private final FileRepository files;

  public FileRoutes(EventBus bus, Pool pool) {
    this.bus = bus;
    this.contracts = new ContractRepository(pool);
    this.files = new FileRepository(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("listContractFiles").handler(Responses.json(200, this::list));
    builder.operation("createContractFile").handler(Responses.json(201, this::create));
    builder.operation("getFile").handler(Responses.json(200, this::get));
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    UUID contractId = Params.of(ctx).pathUuid("id");
    return mayUse(Caller.of(ctx), contractId)
      .compose(allowed -> files.list(Caller.of(ctx).ownerId(), contractId, Params.of(ctx).limit(),
        Params.of(ctx).offset()))
      .map(list -> new JsonArray(list.stream().map(ContractFile::toSummaryJson).toList()));
  }

  /** A file from body elements, or from raw text ({@code content}) as the agent CLI sends it. */
  private Future<JsonObject> create(RoutingContext ctx) {
    UUID contractId = Params.of(ctx).pathUuid("id");
    JsonObject given = Params.of(ctx).body();
    JsonArray body = given.containsKey("content") ? ContractFile.bodyFromText(given.getString("content"))
      : given.getJsonArray("body", new JsonArray());
    return mayWrite(Caller.of(ctx), contractId).compose(allowed -> BusCalls.ask(bus, ctx,
      DirectivesAddresses.CREATE_FILE, new DirectiveMessages.NewFile(Caller.of(ctx).ownerId(), contractId,
        given.getString("name"), body).toJson()));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return files.find(caller.ownerId(), Params.of(ctx).pathUuid("id")).compose(found -> {
      ContractFile file = found.orElseThrow(() -> ApiException.notFound("file"));
      return mayUse(caller, file.contractId()).map(allowed -> file.toJson());
    });
  }

  /** A task may write where it may read, except into another contract's verdict or plan (403). */
  private Future<Void> mayWrite(Caller caller, UUID contractId) {
    if (!caller.isTask()) {
      return mayUse(caller, contractId);
    }
    return mayUse(caller, contractId)
      .compose(readable -> contracts.taskMayWrite(caller.ownerId(), caller.taskId(), contractId))
      .compose(yes -> yes ? Future.<Void>succeededFuture() : Future.failedFuture(new ApiException(
        ErrorCode.FORBIDDEN, "only the tasks of a monitoring or planning contract write its files")));
  }

  /** Owners use their own contracts; tasks, those their contract or directive links them to. */
  private Future<Void> mayUse(Caller caller, UUID contractId) {
    Future<Boolean> allowed = caller.isTask()
      ? contracts.taskMayUse(caller.ownerId(), caller.taskId(), contractId)
      : contracts.find(caller.ownerId(), contractId).map(Optional::isPresent);
    return allowed.compose(yes -> yes ? Future.succeededFuture()
      : Future.failedFuture(ApiException.notFound("contract")));
  }
}
