package io.meshhub.hardening;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A suite that drives the shared hub from the test thread, one step after the other, through a client Vert.x of
 * its own: the suites build worlds of owners and walk thousands of cases, which reads best as plain sequential code.
 */
abstract class SharedHubSuite {

  static Vertx vertx;
  static RunningHub hub;
  static Api api;

  @BeforeAll
  static void client() {
    vertx = Vertx.vertx();
    hub = TestHub.shared();
    api = new Api(vertx, hub);
  }

  @AfterAll
  static void close() {
    Blocking.await(vertx.close(), 30, "the client's Vert.x to close");
  }
}
