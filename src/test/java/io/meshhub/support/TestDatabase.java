package io.meshhub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The one Postgres of a test JVM, started on first use and stopped when the JVM exits. Hubs under test reach it
 * through {@code db.url}, exactly as they would reach an external database.
 */
public final class TestDatabase {

  private static EmbeddedPostgres postgres;

  private TestDatabase() {
  }

  /**
   * A new, empty database on the same server, for a hub that must not share its rows with the shared hub (two
   * unclustered hubs on one database would each take the other's daemons for lost).
   */
  public static String newDatabase() {
    String name = "hub_" + UUID.randomUUID().toString().replace("-", "");
    url();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/" + name;
  }

  /** A {@code db.url} ({@code postgresql://user@host:port/db}) as a JDBC URL, for tests that write a crash's state. */
  public static String jdbcUrl(String dbUrl) {
    String rest = dbUrl.substring("postgresql://".length());
    int at = rest.indexOf('@');
    return "jdbc:postgresql://" + rest.substring(at + 1) + "?user=" + rest.substring(0, at);
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
