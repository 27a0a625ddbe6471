package io.meshhub.daemons;

import io.meshhub.core.Caller;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.Params;
import io.meshhub.core.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** The owner's view of their daemons. */
public final class DaemonRoutes implements HttpRoutes {

  private final DaemonRepository daemons;

  public DaemonRoutes(Pool pool) {
    this.daemons = new DaemonRepository(pool);
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("listDaemons").handler(Responses.json(200, ctx -> daemons.list(Caller.of(ctx).ownerId(),
        Params.of(ctx).limit(), Params.of(ctx).offset())
      .map(list -> new JsonArray(list.stream().map(Daemon::toJson).toList()))));
  }
}
