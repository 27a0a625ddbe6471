package io.meshhub.scheduler;

import io.meshhub.core.CountGauges;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The scheduler's meters: dispatch latency (a task's creation → its {@code spawnTask} delivered, first dispatches
 * only), the try-start-pending loop's runs and the tasks each started, and, read from the database at each
 * scrape, the tasks by status and the queue (pending and interrupted tasks).
 */
final class SchedulerMeters {

  private static final String COUNT_BY_STATUS = "select status, count(*) from tasks group by status";

  private final Timer dispatchLatency;
  private final Timer runs;
  private final DistributionSummary startsPerRun;
  private final CountGauges byStatus;

  SchedulerMeters(MeterRegistry registry) {
    dispatchLatency = Timer.builder("meshhub.dispatch.latency")
      .description("a task's creation to its spawnTask delivered to a daemon, first dispatches")
      .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    runs = Timer.builder("meshhub.scheduler.run").description("one run of the try-start-pending loop")
      .publishPercentiles(0.5, 0.99).register(registry);
    startsPerRun = DistributionSummary.builder("meshhub.scheduler.run.started")
      .description("tasks one run of the try-start-pending loop started").register(registry);
    byStatus = new CountGauges(registry, "meshhub.tasks", "tasks by status, all owners", "status",
      Arrays.stream(TaskStatus.values()).map(TaskStatus::wire).toList());
    Gauge.builder("meshhub.queue.depth", byStatus, counts -> counts.get(TaskStatus.PENDING.wire())
        + counts.get(TaskStatus.INTERRUPTED.wire()))
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
    return run.get().onComplete(done -> started.stop(runs)).onSuccess(startsPerRun::record);
  }

  /** Reads the tasks by status from the database into the gauges. */
  Future<Void> refresh(Pool pool) {
    return byStatus.refresh(pool, COUNT_BY_STATUS);
  }
}
