package io.meshhub.app;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.OffsetDateTime;
import java.util.Optional;

/** Small helpers every repository uses to read rows. */
public final class Rows {

  private Rows() {
  }

  /** The first row, or empty: "not found" is an empty result, never an exception. */
  public static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  /** A timestamp column as the ISO-8601 UTC string the API speaks, or null. */
  public static String isoTime(Row row, String column) {
    OffsetDateTime time = row.getOffsetDateTime(column);
    return time == null ? null : time.toInstant().toString();
  }
}
