package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Agents for tests: a task running on a test daemon, with the tool key the hub issued for it. */
public final class Agents {

  /** A running task and what its agent holds. */
  public record RunningAgent(TestDaemon daemon, UUID taskId, String toolKey) {
  }

  private Agents() {
  }

  /**
   * Creates the task on a fresh daemon of the owner and waits until the daemon is told to spawn it. The hub gives a
   * task to the owner's daemon with the most free slots, so start an owner's agents one after the other.
   */
  public static Future<RunningAgent> start(Vertx vertx, RunningHub hub, Api api, TestOwner owner, JsonObject task) {
    return TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 4).compose(daemon ->
      api.createTask(owner, task).compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return daemon.await("spawnTask", taskId).map(spawn -> {
          daemon.reportRunning(taskId);
          return new RunningAgent(daemon, taskId, spawn.getString("toolKey"));
        });
      }));
  }

  /**
   * Attaches the task to a new directive of the owner in this reconcile mode, directly in the database: the
   * directive API comes with the directive engine.
   */
  public static Future<UUID> attachToDirective(Vertx vertx, String databaseUrl, TestOwner owner, UUID taskId,
                                               String reconcileMode) {
    return attachToDirective(vertx, databaseUrl, owner, taskId, reconcileMode, null);
  }

  /** The same, for a directive working in this repository. */
  public static Future<UUID> attachToDirective(Vertx vertx, String databaseUrl, TestOwner owner, UUID taskId,
                                               String reconcileMode, String repositoryUrl) {
    SqlClient client = PgBuilder.client().connectingTo(PgConnectOptions.fromUri(databaseUrl)).using(vertx).build();
    UUID directiveId = UUID.randomUUID();
    return client.preparedQuery("""
        insert into directives (id, owner_id, title, reconcile_mode, repository_url) values ($1, $2, $3, $4, $5)""")
      .execute(Tuple.of(directiveId, owner.id(), "test directive", reconcileMode, repositoryUrl))
      .compose(inserted -> client.preparedQuery("update tasks set directive_id = $1 where id = $2")
        .execute(Tuple.of(directiveId, taskId)))
      .map(directiveId)
      .eventually(() -> client.close());
  }
}
