package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;

import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst, as a user's fleet makes one: a load generator in a process of its own connects 50 daemons × 4 slots
 * that complete each task on arrival, then creates 20,000 tasks over HTTP with 64 requests in flight; the queue
 * grows to thousands and is drained. Measures throughput (first create → last task done, as the hub saw it), the
 * create call's latency, the CPU the hub's JVM and its Postgres spent per task, and checks in the database that
 * nothing was lost, started twice, or rolled back because its spawn was not delivered. Prints a table; asserts
 * nothing. {@code -Dbench.burstTasks} sets the size, {@code -Dbench.dbUrl} an external Postgres.
 */
public final class BurstBenchmark {

  private static final int TASKS = Integer.getInteger("bench.burstTasks", 20_000);
  private static final int WARMUP_TASKS = Integer.getInteger("bench.warmupTasks", 5_000);
  private static final int DAEMONS = 50;
  private static final int SLOTS = 4;
  private static final int IN_FLIGHT = 64;

  private BurstBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    RunningHub hub = Bench.startHub();
    Vertx vertx = Vertx.vertx();
    try {
      Api api = new Api(vertx, hub);
      // The hub's JIT compiles its hot paths during a first, smaller burst, whose figures are not kept.
      burst(hub, await(api.newOwner()), WARMUP_TASKS);
      burst(hub, await(api.newOwner()), TASKS).print();
    } finally {
      Bench.stop(vertx, hub);
    }
    System.exit(0);
  }

  /** What one burst gave: the generator's figures, the hub's, and the database's. */
  private record Outcome(int tasks, JsonObject seen, double seconds, Bench.CpuClock.Spent spent, Row db) {

    void print() {
      BurstBenchmark.print(tasks, seen, seconds, spent, db);
    }
  }

  private static Outcome burst(RunningHub hub, TestOwner owner, int tasks) throws Exception {
    AtomicInteger done = new AtomicInteger();
    Promise<Void> drained = Promise.promise();
    MessageConsumer<JsonObject> completions = hub.vertx().eventBus().consumer(SchedulerAddresses.TASK_COMPLETED,
      message -> {
        if (owner.id().toString().equals(message.body().getString("ownerId")) && done.incrementAndGet() == tasks) {
          drained.tryComplete();
        }
      });
    Promise<Void> listening = Promise.promise();
    completions.completionHandler(listening);
    await(listening.future());
    try (BenchProcess generator = BenchProcess.generator("1g", "burst", Integer.toString(hub.port()),
      owner.apiKey(), Integer.toString(tasks), Integer.toString(DAEMONS), Integer.toString(SLOTS),
      Integer.toString(IN_FLIGHT))) {
      generator.await("connected", 120);
      Bench.CpuClock cpu = Bench.CpuClock.start();
      long started = System.nanoTime();
      JsonObject seen = new JsonObject(generator.await("result", 900));
      await(drained.future());
      double seconds = (System.nanoTime() - started) / 1e9;
      Bench.CpuClock.Spent spent = cpu.stop();
      return new Outcome(tasks, seen, seconds, spent, await(Bench.verify(hub, owner)));
    } finally {
      await(completions.unregister());
      Bench.awaitNoDaemonConnected(hub);
    }
  }

  private static void print(int tasks, JsonObject seen, double seconds, Bench.CpuClock.Spent spent, Row db) {
    System.out.println();
    System.out.println("| figure | value | target |");
    System.out.println("| --- | --- | --- |");
    System.out.printf("| burst: %d tasks, %d daemons × %d slots, %d creates in flight, load generator apart | "
      + "%.1f s | — |%n", tasks, DAEMONS, SLOTS, IN_FLIGHT, seconds);
    System.out.printf("| throughput, first create → last task done | %.0f tasks/s | ≥ 1,500 tasks/s |%n",
      tasks / seconds);
    System.out.printf("| create call p50 / p99 (%d created in %.1f s) | %.1f ms / %.1f ms | — |%n",
      seen.getInteger("created"), seen.getDouble("createSeconds"), seen.getLong("createP50Micros") / 1000.0,
      seen.getLong("createP99Micros") / 1000.0);
    System.out.printf("| hub JVM CPU per task (of which JIT compilation) | %.3f ms (%.3f ms) | ≤ 0.5 ms |%n",
      spent.hubMillis() / tasks, spent.compileMillis() / tasks);
    System.out.printf("| Postgres CPU per task | %s | — |%n",
      spent.postgresMillis() < 0 ? "n/a" : String.format("%.3f ms", spent.postgresMillis() / tasks));
    System.out.printf("| spawn frames / distinct tasks spawned | %d / %d | equal |%n", seen.getInteger("spawnFrames"),
      seen.getInteger("distinctSpawned"));
    System.out.printf("| spawns rolled back as not delivered | %d | 0 |%n", db.getLong("undelivered"));
    System.out.printf("| tasks not done (lost) / started more than once | %d / %d | 0 / 0 |%n",
      db.getLong("not_done"), db.getLong("started_twice"));
    System.out.println();
    System.out.flush();
  }
}
