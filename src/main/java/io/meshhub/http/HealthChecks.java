package io.meshhub.http;

import io.meshhub.core.HubContext;
import io.meshhub.core.Readiness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness with Vert.x's health checks, each check named in the answer: {@code /health} is up while
 * this event loop answers; {@code /ready} while every verticle is deployed, Postgres answers, and — when clustered
 * — this node is a member of the cluster. A failing check makes the answer 503 and says which and why.
 */
final class HealthChecks {

  private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
  /** A check that has not answered by then is down: a load balancer must not wait on a hung database. */
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private HealthChecks() {
  }

  static void mount(RouterBuilder builder, Vertx vertx, Pool pool, HubContext context) {
    HealthCheckHandler liveness = HealthCheckHandler.create(vertx);
    liveness.register("event-loop", CHECK_TIMEOUT_MS, answered -> answered.complete(Status.OK()));
    builder.operation("getHealth").handler(liveness);

    HealthCheckHandler readiness = HealthCheckHandler.create(vertx);
    readiness.register("verticles", CHECK_TIMEOUT_MS, deployed -> deployed.complete(Readiness.isDeployed(vertx)
      ? Status.OK() : Status.KO(new JsonObject().put("reason", "the hub is starting or stopping"))));
    // The cause goes to the log, not to the anonymous caller of /ready: it names hosts and ports.
    readiness.register("postgres", CHECK_TIMEOUT_MS, answered -> pool.query("select 1").execute()
      .onSuccess(rows -> answered.tryComplete(Status.OK()))
      .onFailure(failure -> {
        log.warn("Readiness: the database does not answer: {}", failure.getMessage());
        answered.tryComplete(Status.KO(new JsonObject().put("reason", "the database does not answer")));
      }));
    if (context.config().cluster().enabled()) {
      readiness.register("cluster", CHECK_TIMEOUT_MS, joined -> joined.complete(
        context.liveNodes().get().contains(context.nodeId()) ? Status.OK()
          : Status.KO(new JsonObject().put("reason", "this node is not a member of the cluster"))));
    }
    builder.operation("getReady").handler(readiness);
  }
}
