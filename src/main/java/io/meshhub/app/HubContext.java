package io.meshhub.app;

import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.pgclient.PgConnectOptions;

import java.util.List;

/** What every verticle of a node is given: the configuration, where the database is, and this node's id. */
public record HubContext(MeshhubConfig config, PgConnectOptions database, String nodeId) {

  /** A fresh copy of the connection options (they are mutable). */
  @Override
  public PgConnectOptions database() {
    return new PgConnectOptions(database);
  }

  /** The id of this node: the cluster member id when clustered. */
  static String nodeId(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).getClusterManager().getNodeId()
      : "local-" + java.util.UUID.randomUUID();
  }

  /** The ids of the nodes alive now: sessions held by any other node are gone. */
  public List<String> liveNodes(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).getClusterManager().getNodes() : List.of(nodeId);
  }
}
