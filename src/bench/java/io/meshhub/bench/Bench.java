package io.meshhub.bench;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What every benchmark does around its measurements: a hub of its own, waiting on futures, percentiles, CPU. */
final class Bench {

  /** Linux counts a process's CPU in ticks of 1/100 s. */
  private static final double MILLIS_PER_TICK = 10.0;

  private Bench() {
  }

  /**
   * A hub at its default settings (plus {@code settings}) on a brand-new embedded Postgres, so that no earlier run's
   * data skews the figures — or on the external Postgres {@code -Dbench.dbUrl} names.
   */
  static RunningHub startHub(Map<String, String> settings) throws IOException {
    String adminKey = ApiKeys.newOwnerKey();
    Map<String, String> config = new HashMap<>(settings);
    config.put("auth.bootstrapKey", adminKey);
    String dbUrl = System.getProperty("bench.dbUrl", "");
    if (dbUrl.isEmpty()) {
      Path dir = Files.createTempDirectory("meshhub-bench");
      deleteOnExit(dir);
      config.put("db.url", "");
      config.put("db.dataDir", dir.resolve("pg").toString());
    } else {
      config.put("db.url", newDatabase(dbUrl));
    }
    return TestHub.start(config, adminKey);
  }

  /** Deletes the directory when the benchmark's JVM exits (after it stopped the hub and its Postgres). */
  static void deleteOnExit(Path dir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not delete " + dir + ": " + e.getMessage());
      }
    }));
  }

  /** A brand-new database on the external server {@code dbUrl} names ({@code postgresql://user@host:port/db}). */
  private static String newDatabase(String dbUrl) {
    String name = "meshhub_bench_" + UUID.randomUUID().toString().replace("-", "");
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(dbUrl).using(vertx).build();
      await(pool.query("create database " + name).execute().eventually(() -> pool.close()));
      URI server = URI.create(dbUrl);
      return new URI(server.getScheme(), server.getUserInfo(), server.getHost(), server.getPort(), "/" + name, null,
        null).toString();
    } catch (Exception e) {
      throw new IllegalStateException("no new database on " + dbUrl, e);
    } finally {
      vertx.close();
    }
  }

  static RunningHub startHub() throws IOException {
    return startHub(Map.of());
  }

  /** A benchmark's measurements, given a client Vert.x, the hub and an API client of it. */
  interface Measurement {
    void run(Vertx vertx, RunningHub hub, Api api) throws Exception;
  }

  /**
   * Runs the measurement against a hub of its own (see {@link #startHub()}), stops both, and ends the JVM: a
   * benchmark prints its table and exits.
   */
  static void onOwnHub(Measurement measurement) throws Exception {
    RunningHub hub = startHub();
    Vertx vertx = Vertx.vertx();
    try {
      measurement.run(vertx, hub, new Api(vertx, hub));
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        hub.stop();
      }
    }
    System.exit(0);
  }

  /** The benchmark's main thread waits; the hub's event loops never do. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.MINUTES);
  }

  /** The nearest-rank percentile of the samples, 0 when there are none. */
  static long percentile(List<Long> samples, int percent) {
    if (samples.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  /**
   * Dispatch latency, create request → {@code spawnTask} at an idle daemon, in microseconds: a new owner's one
   * daemon has a slot for every sample, and the tasks are created one after the other.
   */
  static Future<List<Long>> dispatchLatency(Vertx vertx, RunningHub hub, Api api, int warmup, int samples) {
    return api.newOwner().compose(owner -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), warmup + samples)
      .compose(daemon -> sample(api, owner, daemon, new ArrayList<>(), 0, warmup, samples)
        .eventually(daemon::kill)));
  }

  private static Future<List<Long>> sample(Api api, TestOwner owner, TestDaemon daemon, List<Long> micros, int i,
                                           int warmup, int samples) {
    if (i == warmup + samples) {
      return Future.succeededFuture(micros);
    }
    long sent = System.nanoTime();
    return api.createTask(owner, Api.task("latency-" + i))
      .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
      .compose(spawn -> {
        if (i >= warmup) {
          micros.add((System.nanoTime() - sent) / 1_000);
        }
        return sample(api, owner, daemon, micros, i + 1, warmup, samples);
      });
  }

  /**
   * What the database says of the owner's tasks once drained: not done, started more than once, and rolled back to
   * pending because their spawn did not reach the daemon.
   */
  static Future<Row> verify(RunningHub hub, TestOwner owner) {
    return readRow(hub, """
      select
        (select count(*) from tasks where owner_id = $1 and status <> 'done') as not_done,
        (select count(*) from (select e.task_id from task_events e
           where e.owner_id = $1 and e.event_data ->> 'status' = 'starting'
           group by e.task_id having count(*) > 1) twice) as started_twice,
        (select count(*) from task_events e
           where e.owner_id = $1 and e.event_data ->> 'reason' like 'spawn not delivered%') as undelivered""",
      Tuple.of(owner.id()));
  }

  /** One row the benchmark reads from the hub's database, on a connection of its own. */
  private static Future<Row> readRow(RunningHub hub, String sql, Tuple params) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
      .connectingTo(hub.hub().databaseOptions()).using(hub.vertx()).build();
    return pool.preparedQuery(sql).execute(params).map(rows -> rows.iterator().next())
      .eventually(() -> pool.close());
  }

  /**
   * Waits until the hub has marked every daemon disconnected, once a generator's daemons left: stopping the hub
   * while it still handles their departures would only fill the output with failures to reach a closed pool.
   */
  static void awaitNoDaemonConnected(RunningHub hub) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (await(connectedDaemons(hub)) > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** Daemons the database holds connected. */
  static Future<Long> connectedDaemons(RunningHub hub) {
    return readRow(hub, "select count(*) from daemons where status = 'connected'", Tuple.tuple())
      .map(row -> row.getLong(0));
  }

  /** The most heap this JVM has used so far, over all its pools. */
  static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
      .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  /**
   * CPU spent from {@link #start()} to {@link #stop()}: this JVM's (the hub's), the part of it its JIT compilers
   * took, and the local Postgres's.
   */
  record CpuClock(long hubNanos, long compileMillis, long postgresTicks) {

    record Spent(double hubMillis, double compileMillis, double postgresMillis) {
    }

    static CpuClock start() {
      return new CpuClock(processCpuNanos(), compiledMillis(), readPostgresTicks());
    }

    /** Postgres's CPU is negative when no Postgres runs on this machine (or it cannot be read). */
    Spent stop() {
      long ticks = readPostgresTicks();
      return new Spent((processCpuNanos() - hubNanos) / 1e6, compiledMillis() - compileMillis,
        ticks < 0 || postgresTicks < 0 ? -1 : (ticks - postgresTicks) * MILLIS_PER_TICK);
    }

    private static long compiledMillis() {
      return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long processCpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    }

    /** User and system ticks of every process named postgres, from /proc. */
    private static long readPostgresTicks() {
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        return processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(CpuClock::ticksIfPostgres).sum();
      } catch (IOException e) {
        return -1;
      }
    }

    private static long ticksIfPostgres(Path process) {
      try {
        return Files.readString(process.resolve("stat")).contains("(postgres)") ? ticks(process) : 0;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /** The CPU milliseconds (user and system) the process {@code pid} has spent, -1 when it cannot be read. */
    static double processMillis(long pid) {
      try {
        return ticks(Path.of("/proc", Long.toString(pid))) * MILLIS_PER_TICK;
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    private static long ticks(Path process) throws IOException {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
  }
}
