package io.meshhub.http;

import io.meshhub.app.Database;
import io.meshhub.app.HubContext;
import io.meshhub.auth.KeyAuthenticator;
import io.meshhub.auth.KeyRepository;
import io.meshhub.auth.OwnerRoutes;
import io.meshhub.daemons.DaemonEndpoint;
import io.meshhub.daemons.DaemonRoutes;
import io.meshhub.directives.ContractRoutes;
import io.meshhub.directives.DirectiveRoutes;
import io.meshhub.directives.FileRoutes;
import io.meshhub.directives.OrderRoutes;
import io.meshhub.events.EventsEndpoint;
import io.meshhub.history.HistoryRoutes;
import io.meshhub.questions.QuestionRoutes;
import io.meshhub.scheduler.TaskRepository;
import io.meshhub.scheduler.TaskRoutes;
import io.meshhub.supervisor.SupervisorRoutes;
import io.meshhub.supervisor.WorktreeRoutes;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.ext.web.openapi.RouterBuilderOptions;
import io.vertx.sqlclient.Pool;

import java.util.List;

/**
 * Serves every HTTP route, all declared in {@code openapi.yaml}: the document's validation answers bad input before
 * any handler runs, its security schemes authenticate the caller, and each feature mounts its operations. Beside
 * them it holds the two SockJS endpoints: the one daemons connect to and the one dashboards subscribe to. Holds no
 * domain logic: reads go to repositories, changes to the verticle that owns the state.
 */
public final class HttpVerticle extends AbstractVerticle {

  static final String OPENAPI_DOCUMENT = "openapi.yaml";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  /** An xhr_send body: a JSON array of frames, each up to 1 MiB, escaped as strings. */
  private static final int MAX_SOCKJS_SEND_BYTES = 4 * MAX_BODY_BYTES;
  /** Daemon frames may be up to 1 MiB (larger ones get BAD_FRAME); beyond this the socket itself refuses them. */
  private static final int MAX_WEBSOCKET_MESSAGE_BYTES = 2 * 1024 * 1024;
  private static final int MAX_HTTP2_STREAMS = 1_000;

  private final HubContext context;
  private DaemonEndpoint daemons;

  public HttpVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = Database.pool(vertx, context.database(), context.config().db().poolSize());
    KeyAuthenticator authenticator = new KeyAuthenticator(new KeyRepository(pool));
    daemons = new DaemonEndpoint(vertx, context, authenticator);
    HttpServerOptions options = new HttpServerOptions()
      .setCompressionSupported(true)
      // Agents may hold many blocked asks and polls at once over one HTTP/2 connection.
      .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_HTTP2_STREAMS))
      .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
      .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
    SupervisorRoutes supervisor = new SupervisorRoutes(vertx, pool);
    IdleConnections idle = new IdleConnections(vertx, context.config().http().idleTimeoutMs());
    Future.all(RouterBuilder.create(vertx, OPENAPI_DOCUMENT), vertx.fileSystem().readFile(OPENAPI_DOCUMENT),
        supervisor.ready())
      .map(loaded -> router(loaded.resultAt(0), loaded.resultAt(1), pool, authenticator, supervisor, idle))
      .compose(router -> vertx.createHttpServer(options)
        .connectionHandler(idle::opened)
        .requestHandler(router)
        .listen(context.config().http().port(), context.config().http().host()))
      .<Void>mapEmpty()
      .onComplete(started);
  }

  /** Tells the daemons connected here to go elsewhere before the server closes. */
  @Override
  public void stop() {
    daemons.goAway();
  }

  private Router router(RouterBuilder builder, Buffer document, Pool pool, KeyAuthenticator authenticator,
                        SupervisorRoutes supervisor, IdleConnections idle) {
    builder.setOptions(new RouterBuilderOptions().setMountNotImplementedHandler(false));
    builder.rootHandler(new RequestIds());
    builder.rootHandler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    SecurityHandlers.mount(builder, authenticator);
    new SystemRoutes(vertx, pool, document).mount(builder);
    new OwnerRoutes(new KeyRepository(pool), vertx.eventBus()).mount(builder);
    new TaskRoutes(vertx.eventBus(), new TaskRepository(pool)).mount(builder);
    new DaemonRoutes(pool).mount(builder);
    new QuestionRoutes(vertx.eventBus(), pool, context.config().questions()).mount(builder);
    new ContractRoutes(vertx.eventBus(), pool).mount(builder);
    new FileRoutes(vertx.eventBus(), pool).mount(builder);
    new OrderRoutes(vertx.eventBus(), pool).mount(builder);
    new DirectiveRoutes(vertx.eventBus(), pool).mount(builder);
    new HistoryRoutes(pool).mount(builder);
    supervisor.mount(builder);
    new WorktreeRoutes(vertx.eventBus(), pool, context.config().daemons()).mount(builder);
    Router api = builder.createRouter();

    // The SockJS endpoints sit outside the OpenAPI router: they speak frames, not operations. Their fallback
    // transports (xhr_send) read the frames from the request body, which a body handler must read first when SockJS
    // is mounted as a sub-router; a WebSocket upgrade passes it untouched.
    Router root = Router.router(vertx);
    root.route().handler(idle::requestStarted);
    for (String endpoint : List.of(DaemonEndpoint.PATH, EventsEndpoint.PATH)) {
      root.route(endpoint + "/*").handler(BodyHandler.create().setBodyLimit(MAX_SOCKJS_SEND_BYTES)
        .setHandleFileUploads(false));
    }
    root.route(DaemonEndpoint.PATH + "/*").subRouter(daemons.router());
    root.route(EventsEndpoint.PATH + "/*").subRouter(new EventsEndpoint(vertx, authenticator).router());
    root.route("/*").subRouter(api);
    FailureHandler failures = new FailureHandler();
    for (Router router : new Router[] {api, root}) {
      router.route().failureHandler(failures);
      router.errorHandler(404, failures.forStatus(404));
      router.errorHandler(405, failures.forStatus(405));
    }
    return root;
  }
}
