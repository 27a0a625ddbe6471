package io.meshhub.core;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every verticle of a node is given when it is deployed: the configuration, where the database is, this
 * node's id, the ids of the nodes alive now (the cluster's members, or this node alone), {@code onNodeLeft}, which
 * registers an action to run (on a thread of the cluster's, not a verticle's) each time a node leaves, and
 * {@code isLeader}: whether this node is the cluster's oldest member now, the one that does work that must not run
 * on two nodes at once.
 */
public record HubContext(MeshhubConfig config, PgConnectOptions database, String nodeId,
                         Supplier<List<String>> liveNodes, Consumer<Runnable> onNodeLeft, BooleanSupplier isLeader) {

  private static final String POOL_NAME = "meshhub";

  /** A fresh copy of the connection options (they are mutable). */
  @Override
  public PgConnectOptions database() {
    return new PgConnectOptions(database);
  }

  /**
   * The reactive pool, shared by name: every verticle that opens it gets the same connections, and the pool closes
   * when the last of them closes it.
   */
  public Pool pool(Vertx vertx) {
    return pool(vertx, database, config.db().poolSize());
  }

  /** The same pool for whoever holds only the connection options (the node's start, before any verticle). */
  public static Pool pool(Vertx vertx, PgConnectOptions connectOptions, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setShared(true).setName(POOL_NAME))
      // Prepared once per connection, so Postgres does not plan the scheduler's statements again on every call.
      .connectingTo(new PgConnectOptions(connectOptions).setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512))
      .using(vertx)
      .build();
  }
}
