package io.meshhub.history;

import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** The owner's history: {@code GET /api/v1/history}, filtered by contract or task. */
public final class HistoryRoutes implements HttpRoutes {

  private final HistoryRepository history;

  public HistoryRoutes(Pool pool) {
    this.history = new HistoryRepository(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("listHistory").handler(Responses.json(200, ctx -> {
      Params params = Params.of(ctx);
      return history.list(Caller.of(ctx).ownerId(), params.queryUuid("contractId"), params.queryUuid("taskId"),
          params.limit(), params.offset())
        .map(entries -> new JsonArray(entries));
    }));
  }
}
