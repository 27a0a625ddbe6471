package io.meshhub.scheduler;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The scheduler's meters: dispatch latency (a task's creation → its {@code spawnTask} delivered, first dispatches
 * only), the try-start-pending loop's runs and the tasks each started, and, read from the database at each
 * scrape, the tasks by status and the queue (pending and interrupted tasks).
 */
final class SchedulerMeters {

  private static final String COUNT_BY_STATUS = "select status, count(*) as tasks from tasks group by status";

  private final Timer dispatchLatency;
  private final Timer runs;
  private final DistributionSummary startsPerRun;
  private final Map<TaskStatus, AtomicLong> byStatus = new EnumMap<>(TaskStatus.class);
  private final AtomicLong queueDepth = new AtomicLong();

  SchedulerMeters(MeterRegistry registry) {
    dispatchLatency = Timer.builder("meshhub.dispatch.latency")
      .description("a task's creation to its spawnTask delivered to a daemon, first dispatches")
      .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    runs = Timer.builder("meshhub.scheduler.run").description("one run of the try-start-pending loop")
      .publishPercentiles(0.5, 0.99).register(registry);
    startsPerRun = DistributionSummary.builder("meshhub.scheduler.run.started")
      .description("tasks one run of the try-start-pending loop started").register(registry);
    for (TaskStatus status : TaskStatus.values()) {
      AtomicLong count = new AtomicLong();
      byStatus.put(status, count);
      Gauge.builder("meshhub.tasks", count, AtomicLong::get).description("tasks by status, all owners")
        .tag("status", status.wire()).register(registry);
    }
    Gauge.builder("meshhub.queue.depth", queueDepth, AtomicLong::get)
      .description("tasks waiting for a daemon: pending and interrupted").register(registry);
  }

  /** The task's spawn was delivered; a retry's is not a dispatch latency. */
  void delivered(Task task) {
    if (task.retryCount() == 0 && task.createdAt() != null) {
      dispatchLatency.record(Duration.between(OffsetDateTime.parse(task.createdAt()).toInstant(), Instant.now()));
    }
  }

  /** Times one run of the loop, and counts what it started. */
  Future<Integer> run(Supplier<Future<Integer>> run) {
    Timer.Sample started = Timer.start();
    return run.get().onComplete(done -> {
      started.stop(runs);
      if (done.succeeded()) {
        startsPerRun.record(done.result());
      }
    });
  }

  /** Reads the tasks by status from the database into the gauges. */
  Future<Void> refresh(Pool pool) {
    return pool.query(COUNT_BY_STATUS).execute().map(rows -> {
      Map<TaskStatus, Long> counted = new EnumMap<>(TaskStatus.class);
      for (Row row : rows) {
        counted.put(TaskStatus.fromWire(row.getString("status")), row.getLong("tasks"));
      }
      byStatus.forEach((status, gauge) -> gauge.set(counted.getOrDefault(status, 0L)));
      queueDepth.set(counted.getOrDefault(TaskStatus.PENDING, 0L) + counted.getOrDefault(TaskStatus.INTERRUPTED, 0L));
      return null;
    });
  }
}
