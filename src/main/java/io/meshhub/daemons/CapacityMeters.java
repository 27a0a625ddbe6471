package io.meshhub.daemons;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.concurrent.atomic.AtomicLong;

/** The connected daemons and their used and free slots, all owners: read from the database at each scrape. */
final class CapacityMeters {

  private static final String CAPACITY = """
    select count(*) as daemons, coalesce(sum(current_task_count), 0) as used,
           coalesce(sum(greatest(max_concurrent_tasks - current_task_count, 0)), 0) as free
    from daemons where status = 'connected'""";

  private final AtomicLong connected = new AtomicLong();
  private final AtomicLong usedSlots = new AtomicLong();
  private final AtomicLong freeSlots = new AtomicLong();

  CapacityMeters(MeterRegistry registry) {
    Gauge.builder("meshhub.daemons.connected", connected, AtomicLong::get).description("connected daemons")
      .register(registry);
    Gauge.builder("meshhub.daemon.slots", usedSlots, AtomicLong::get).description("slots of connected daemons")
      .tag("state", "used").register(registry);
    Gauge.builder("meshhub.daemon.slots", freeSlots, AtomicLong::get).description("slots of connected daemons")
      .tag("state", "free").register(registry);
  }

  /** Reads the connected daemons and their slots from the database into the gauges. */
  Future<Void> refresh(Pool pool) {
    return pool.query(CAPACITY).execute().map(rows -> {
      Row row = rows.iterator().next();
      connected.set(row.getLong("daemons"));
      usedSlots.set(row.getLong("used"));
      freeSlots.set(row.getLong("free"));
      return null;
    });
  }
}
