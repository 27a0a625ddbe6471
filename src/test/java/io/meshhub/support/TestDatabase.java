package io.meshhub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Postgres of a test JVM, started on first use and stopped when the JVM exits. Hubs under test reach it
 * through {@code db.url}, exactly as they would reach an external database.
 */
public final class TestDatabase {

  private static EmbeddedPostgres postgres;

  private TestDatabase() {
  }

  /** The database URL in the {@code db.url} form. */
  public static synchronized String url() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("the test Postgres did not start", e);
      }
    }
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
  }
}
