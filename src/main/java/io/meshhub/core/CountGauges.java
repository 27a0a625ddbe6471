package io.meshhub.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gauge per value of a status (tasks by status, directives by status), set at each scrape from one
 * {@code select status, count(*) … group by status}; a status the query does not return counts 0.
 */
public final class CountGauges {

  private final Map<String, AtomicLong> byValue = new LinkedHashMap<>();

  /** Registers {@code name{tag=value}} for every value. */
  public CountGauges(MeterRegistry registry, String name, String description, String tag, List<String> values) {
    for (String value : values) {
      AtomicLong count = new AtomicLong();
      byValue.put(value, count);
      Gauge.builder(name, count, AtomicLong::get).description(description).tag(tag, value).register(registry);
    }
  }

  /** Runs {@code countByStatus} (its rows: the status, then its count) and sets every gauge from it. */
  public Future<Void> refresh(Pool pool, String countByStatus) {
    return pool.query(countByStatus).execute().map(rows -> {
      Map<String, Long> counted = new HashMap<>();
      for (Row row : rows) {
        counted.put(row.getString(0), row.getLong(1));
      }
      byValue.forEach((value, gauge) -> gauge.set(counted.getOrDefault(value, 0L)));
      return null;
    });
  }

  /** The count the last refresh set for this value. */
  public long get(String value) {
    AtomicLong count = byValue.get(value);
    return count == null ? 0 : count.get();
  }
}
