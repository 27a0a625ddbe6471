package io.meshhub.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * For tests on the shared hub: each test gets an owner of its own, so tests never see each other's rows, and a
 * client of the hub's API.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
public abstract class OwnerTest {

  protected RunningHub hub;
  protected Api api;
  protected TestOwner owner;

  @BeforeEach
  void createOwner(Vertx vertx, VertxTestContext test) {
    hub = TestHub.shared();
    api = new Api(vertx, hub);
    api.newOwner().onComplete(test.succeeding(created -> {
      owner = created;
      test.completeNow();
    }));
  }
}
