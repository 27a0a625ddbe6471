package io.meshhub.core;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/** Whether every verticle of this node is deployed: written by the node's start and stop, read by {@code /ready}. */
public final class Readiness {

  private static final String STATE_MAP = "meshhub.hub";
  private static final String DEPLOYED = "deployed";

  private Readiness() {
  }

  public static void deployed(Vertx vertx, boolean deployed) {
    if (deployed) {
      stateMap(vertx).put(DEPLOYED, true);
    } else {
      stateMap(vertx).remove(DEPLOYED);
    }
  }

  public static boolean isDeployed(Vertx vertx) {
    return Boolean.TRUE.equals(stateMap(vertx).get(DEPLOYED));
  }

  private static LocalMap<String, Boolean> stateMap(Vertx vertx) {
    return vertx.sharedData().getLocalMap(STATE_MAP);
  }
}
