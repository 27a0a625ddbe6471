package io.meshhub.core;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** Small helpers every repository uses to read rows. */
public final class Rows {

  private Rows() {
  }

  /** The first row, or empty: "not found" is an empty result, never an exception. */
  public static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  /** Every row, mapped in order. */
  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    return StreamSupport.stream(rows.spliterator(), false).map(mapper).toList();
  }

  /** A timestamp column as the ISO-8601 UTC string the API speaks, or null. */
  public static String isoTime(Row row, String column) {
    OffsetDateTime time = row.getOffsetDateTime(column);
    return time == null ? null : time.toInstant().toString();
  }
}
