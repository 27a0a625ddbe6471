package io.meshhub.auth;

import io.meshhub.core.ApiException;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;

import java.util.UUID;

/**
 * Owners and their API keys. Keys are returned once, at creation, and never again; only their hashes are kept.
 * These rows belong to no verticle's in-memory state, so the handlers write them straight through the repository.
 */
public final class OwnerRoutes implements HttpRoutes {

  private final KeyRepository keys;
  private final EventBus bus;

  public OwnerRoutes(KeyRepository keys, EventBus bus) {
    this.keys = keys;
    this.bus = bus;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("createOwner").handler(Responses.json(201, this::createOwner));
    builder.operation("createApiKey").handler(Responses.json(201, this::createApiKey));
    builder.operation("revokeApiKey").handler(Responses.noContent(this::revokeApiKey));
    builder.operation("getMe").handler(Responses.json(200, this::getMe));
  }

  private Future<JsonObject> createOwner(RoutingContext ctx) {
    if (!Caller.of(ctx).admin()) {
      return Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "only an admin may create owners"));
    }
    String name = Params.of(ctx).body().getString("name").trim();
    String apiKey = ApiKeys.newOwnerKey();
    return keys.createOwner(name, false, ApiKeys.hash(apiKey))
      .map(owner -> new JsonObject().put("id", owner.id().toString()).put("name", owner.name())
        .put("apiKey", apiKey));
  }

  private Future<JsonObject> createApiKey(RoutingContext ctx) {
    String apiKey = ApiKeys.newOwnerKey();
    return keys.createKey(Caller.of(ctx).ownerId(), ApiKeys.hash(apiKey))
      .map(id -> new JsonObject().put("id", id.toString()).put("apiKey", apiKey));
  }

  /** Revokes the key for requests at once, and for the sockets it opened on every node (they close). */
  private Future<Void> revokeApiKey(RoutingContext ctx) {
    UUID ownerId = Caller.of(ctx).ownerId();
    UUID keyId = Params.of(ctx).pathUuid("id");
    return keys.revokeKey(ownerId, keyId).compose(revoked -> {
      if (!revoked) {
        return Future.failedFuture(ApiException.notFound("key"));
      }
      bus.publish(AuthAddresses.KEY_REVOKED, new JsonObject().put("keyId", keyId.toString())
        .put("ownerId", ownerId.toString()));
      return Future.<Void>succeededFuture();
    });
  }

  /** Who the caller is; a task's tool key answers for the task, on behalf of its owner. */
  private Future<JsonObject> getMe(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return keys.findOwner(caller.ownerId())
      .map(owner -> owner.orElseThrow(() -> ApiException.notFound("owner")).toMeJson()
        .put("admin", caller.admin())
        .put("taskId", caller.isTask() ? caller.taskId().toString() : null));
  }
}
