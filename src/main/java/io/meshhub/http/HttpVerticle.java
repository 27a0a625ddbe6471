package io.meshhub.http;

import io.meshhub.app.Database;
import io.meshhub.app.MeshhubConfig;
import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.auth.KeyRepository;
import io.meshhub.auth.OwnerRoutes;
import io.meshhub.scheduler.TaskRepository;
import io.meshhub.scheduler.TaskRoutes;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.ext.web.openapi.RouterBuilderOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * Serves every HTTP route, all declared in {@code openapi.yaml}: the document's validation answers bad input before
 * any handler runs, its security schemes authenticate the caller, and each feature mounts its operations. Holds no
 * domain logic: reads go to repositories, changes to the verticle that owns the state.
 */
public final class HttpVerticle extends AbstractVerticle {

  static final String OPENAPI_DOCUMENT = "openapi.yaml";
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final MeshhubConfig config;
  private final PgConnectOptions database;

  public HttpVerticle(MeshhubConfig config, PgConnectOptions database) {
    this.config = config;
    this.database = database;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = Database.pool(vertx, database, config.db().poolSize());
    Future.all(RouterBuilder.create(vertx, OPENAPI_DOCUMENT), vertx.fileSystem().readFile(OPENAPI_DOCUMENT))
      .map(loaded -> router(loaded.resultAt(0), loaded.resultAt(1), pool))
      .compose(router -> vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(config.http().port(), config.http().host()))
      .<Void>mapEmpty()
      .onComplete(started);
  }

  private Router router(RouterBuilder builder, Buffer document, Pool pool) {
    builder.setOptions(new RouterBuilderOptions().setMountNotImplementedHandler(false));
    builder.rootHandler(new RequestIds());
    builder.rootHandler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    KeyRepository keys = new KeyRepository(pool);
    SecurityHandlers.mount(builder, new KeyAuthenticator(keys));
    new SystemRoutes(vertx, pool, document).mount(builder);
    new OwnerRoutes(keys).mount(builder);
    new TaskRoutes(vertx.eventBus(), new TaskRepository(pool)).mount(builder);

    Router router = builder.createRouter();
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }
}
