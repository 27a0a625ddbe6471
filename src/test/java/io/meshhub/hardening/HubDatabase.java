package io.meshhub.hardening;

import io.meshhub.support.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads of a hub's database from the test thread, with JDBC, beside the hub's own connections. */
final class HubDatabase {

  private HubDatabase() {
  }

  /** A connection to the database at {@code dbUrl} (a hub's {@code db.url}). */
  static Connection connect(String dbUrl) throws SQLException {
    return DriverManager.getConnection(TestDatabase.jdbcUrl(dbUrl));
  }

  /** The first column of the first row the query gives, as text; null when it gives none. */
  static String text(String dbUrl, String sql, Object... parameters) {
    try (Connection db = connect(dbUrl); PreparedStatement query = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the hub's database could not be read", e);
    }
  }
}
