package io.meshhub.hardening;

import io.meshhub.support.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every row an owner has, in every table of the schema that has an {@code owner_id} (and the owner's own row), as
 * text: two snapshots are equal only if no byte of any of the owner's rows changed. Read with JDBC from the test
 * thread, beside the hub's own connections.
 */
record OwnedRows(Map<String, String> byTable, int count) {

  /** Written by the daemon's heartbeats alone, which go on while the suites run. */
  private static final String LIVENESS_COLUMN = "last_heartbeat_at";

  /** Table → the owner's rows in it, as one JSON array in a stable order; and how many rows that is. */
  static OwnedRows of(UUID ownerId) {
    try (Connection db = HubDatabase.connect(TestDatabase.url())) {
      Map<String, String> rows = new LinkedHashMap<>();
      int count = read(db, "owners", "id", ownerId, rows);
      for (String table : ownedTables(db)) {
        count += read(db, table, "owner_id", ownerId, rows);
      }
      return new OwnedRows(rows, count);
    } catch (SQLException e) {
      throw new IllegalStateException("the owner's rows could not be read", e);
    }
  }

  private static List<String> ownedTables(Connection db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query = db.prepareStatement("""
        select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'owner_id' and t.table_type = 'BASE TABLE'
        order by c.table_name""");
         ResultSet result = query.executeQuery()) {
      while (result.next()) {
        tables.add(result.getString(1));
      }
    }
    return tables;
  }

  private static int read(Connection db, String table, String column, UUID ownerId, Map<String, String> rows)
    throws SQLException {
    // Table and column names come from the catalogue above, never from input.
    try (PreparedStatement query = db.prepareStatement("select count(*), coalesce(jsonb_agg(row order by row::text),"
      + " '[]')::text from (select to_jsonb(t) - '" + LIVENESS_COLUMN + "' as row from " + table + " t where "
      + column + " = ?) owned")) {
      query.setObject(1, ownerId);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        rows.put(table, result.getString(2));
        return result.getInt(1);
      }
    }
  }
}
