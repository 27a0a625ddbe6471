package io.meshhub.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For tests that run hubs of their own and drive them from the test thread: a Vert.x for their clients. */
public abstract class ClientTest {

  protected Vertx vertx;

  @BeforeEach
  void client() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeClient() {
    vertx.close();
  }
}
