package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A lock held in an open transaction of the test's own connection to the shared database, so that the hub's
 * statements that need it wait: a test stops the hub at a chosen point of its work without touching its code.
 */
public final class DatabaseLock {

  private final Vertx vertx;
  private final Connection connection;

  private DatabaseLock(Vertx vertx, Connection connection) {
    this.vertx = vertx;
    this.connection = connection;
  }

  /** Runs {@code statement} (a {@code lock table …} or a {@code select … for update}) and holds what it takes. */
  public static Future<DatabaseLock> take(Vertx vertx, String statement, Object... params) {
    return vertx.executeBlocking(() -> {
      Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(TestDatabase.url()));
      try {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(statement)) {
          for (int i = 0; i < params.length; i++) {
            lock.setObject(i + 1, params[i]);
          }
          lock.execute();
        }
        return new DatabaseLock(vertx, connection);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }, false);
  }

  /** Ends the transaction: whatever waited for the lock goes on. */
  public Future<Void> release() {
    return vertx.executeBlocking(() -> {
      try (connection) {
        connection.commit();
      }
      return null;
    }, false);
  }
}
