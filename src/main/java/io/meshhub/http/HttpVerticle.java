package io.meshhub.http;

import io.meshhub.core.HttpRoutes;
import io.meshhub.core.HubContext;
import io.meshhub.core.RequestIds;
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
import java.util.function.Function;

/**
 * Serves every HTTP route, all declared in {@code openapi.yaml}: the document's validation answers bad input before
 * any handler runs, its security schemes authenticate the caller, and each feature mounts its operations. Beside
 * them it holds the features' endpoints outside the document: the SockJS endpoints daemons connect to and
 * dashboards subscribe to. It knows no feature: the application hands it their routes.
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
  private final Function<HttpRoutes.Scope, List<HttpRoutes>> features;
  private List<HttpRoutes> routes = List.of();

  /** Serves the routes {@code features} builds for each instance, with the node's {@code context}. */
  public HttpVerticle(HubContext context, Function<HttpRoutes.Scope, List<HttpRoutes>> features) {
    this.context = context;
    this.features = features;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = context.pool(vertx);
    routes = features.apply(new HttpRoutes.Scope(vertx, pool, context));
    HttpServerOptions options = new HttpServerOptions()
      .setCompressionSupported(true)
      // Agents may hold many blocked asks and polls at once over one HTTP/2 connection.
      .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_HTTP2_STREAMS))
      .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
      .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
    IdleConnections idle = new IdleConnections(vertx, context.config().http().idleTimeoutMs());
    Future.all(RouterBuilder.create(vertx, OPENAPI_DOCUMENT), vertx.fileSystem().readFile(OPENAPI_DOCUMENT),
        Future.all(routes.stream().map(HttpRoutes::ready).toList()))
      .map(loaded -> router(loaded.resultAt(0), loaded.resultAt(1), pool, idle))
      .compose(router -> vertx.createHttpServer(options)
        .connectionHandler(idle::opened)
        .requestHandler(router)
        .listen(context.config().http().port(), context.config().http().host()))
      .compose(listening -> MetricsEndpoint.listenApart(vertx, context.config()))
      .onComplete(started);
  }

  /** Tells the daemons connected here to go elsewhere before the server closes. */
  @Override
  public void stop() {
    routes.forEach(HttpRoutes::stop);
  }

  private Router router(RouterBuilder builder, Buffer document, Pool pool, IdleConnections idle) {
    builder.setOptions(new RouterBuilderOptions().setMountNotImplementedHandler(false));
    builder.rootHandler(new RequestIds());
    builder.rootHandler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    builder.rootHandler(new StorableBodies());
    new SystemRoutes(vertx, pool, context, document).mount(builder);
    routes.forEach(feature -> feature.mount(builder));
    Router api = builder.createRouter();

    // The SockJS endpoints sit outside the OpenAPI router: they speak frames, not operations. Their fallback
    // transports (xhr_send) read the frames from the request body, which a body handler must read first when SockJS
    // is mounted as a sub-router; a WebSocket upgrade passes it untouched.
    Router root = Router.router(vertx);
    root.route().handler(idle::requestStarted);
    routes.forEach(feature -> feature.endpoints().forEach((path, endpoint) -> {
      root.route(path + "/*").handler(BodyHandler.create().setBodyLimit(MAX_SOCKJS_SEND_BYTES)
        .setHandleFileUploads(false));
      root.route(path + "/*").subRouter(endpoint);
    }));
    Dashboard.mount(root);
    ApiDocs.mount(root);
    MetricsEndpoint.mount(root, vertx, context.config().metrics());
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
