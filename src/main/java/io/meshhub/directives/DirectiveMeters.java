package io.meshhub.directives;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Directives by status, all owners: read from the database at each scrape. */
final class DirectiveMeters {

  private static final String COUNT_BY_STATUS =
    "select status, count(*) as directives from directives group by status";

  private final Map<DirectiveStatus, AtomicLong> byStatus = new EnumMap<>(DirectiveStatus.class);

  DirectiveMeters(MeterRegistry registry) {
    for (DirectiveStatus status : DirectiveStatus.values()) {
      AtomicLong count = new AtomicLong();
      byStatus.put(status, count);
      Gauge.builder("meshhub.directives", count, AtomicLong::get).description("directives by status, all owners")
        .tag("status", status.wire()).register(registry);
    }
  }

  Future<Void> refresh(Pool pool) {
    return pool.query(COUNT_BY_STATUS).execute().map(rows -> {
      Map<DirectiveStatus, Long> counted = new EnumMap<>(DirectiveStatus.class);
      for (Row row : rows) {
        counted.put(DirectiveStatus.fromWire(row.getString("status")), row.getLong("directives"));
      }
      byStatus.forEach((status, gauge) -> gauge.set(counted.getOrDefault(status, 0L)));
      return null;
    });
  }
}
