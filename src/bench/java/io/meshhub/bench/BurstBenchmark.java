package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;

import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Promise;
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
 *
 * <p>The burst is measured on a fresh JVM and again on a warm one, as a hub that has run for a while is. On two
 * cores a fresh JVM's compiler stays busy through the first bursts (JFR: a second of C2 compilation per second,
 * some 1,800 compilations, through the second burst of 20,000), so {@code -Dbench.warmupBursts} (2) untimed
 * bursts come between the two. One generator process serves every burst, and warms up with the hub: a fresh one
 * per burst spent as much CPU on its own compiler as the hub did on its work.
 */
public final class BurstBenchmark {

  private static final int TASKS = Integer.getInteger("bench.burstTasks", 20_000);
  private static final int DAEMONS = 50;
  private static final int SLOTS = 4;
  private static final int IN_FLIGHT = 64;
  private static final int WARMUP_BURSTS = Integer.getInteger("bench.warmupBursts", 2);

  private BurstBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Bench.onOwnHub((vertx, hub, api) -> {
      try (BenchProcess generator = BenchProcess.generator("1g", "burst", Integer.toString(hub.port()),
        Integer.toString(TASKS), Integer.toString(DAEMONS), Integer.toString(SLOTS), Integer.toString(IN_FLIGHT))) {
        Outcome cold = burst(hub, await(api.newOwner()), generator);
        for (int i = 0; i < WARMUP_BURSTS; i++) {
          burst(hub, await(api.newOwner()), generator);
        }
        Outcome warm = burst(hub, await(api.newOwner()), generator);
        print(cold, warm);
      }
    });
  }

  /** What one burst gave: the generator's figures, the hub's, and the database's. */
  private record Outcome(int tasks, JsonObject seen, double seconds, Bench.CpuClock.Spent spent,
                         double generatorMillis, Row db) {

    String throughput() {
      return String.format("%.0f tasks/s", tasks / seconds);
    }

    String createLatency() {
      return String.format("%.1f ms / %.1f ms", seen.getLong("createP50Micros") / 1000.0,
        seen.getLong("createP99Micros") / 1000.0);
    }

    String hubCpu() {
      return String.format("%.3f ms (%.3f ms)", spent.hubMillis() / tasks, spent.compileMillis() / tasks);
    }

    String postgresCpu() {
      return spent.postgresMillis() < 0 ? "n/a" : String.format("%.3f ms", spent.postgresMillis() / tasks);
    }

    String generatorCpu() {
      return generatorMillis < 0 ? "n/a" : String.format("%.3f ms", generatorMillis / tasks);
    }

    String spawns() {
      return seen.getInteger("spawnFrames") + " / " + seen.getInteger("distinctSpawned");
    }

    String lost() {
      return db.getLong("not_done") + " / " + db.getLong("started_twice");
    }
  }

  /** One burst of the owner's tasks, made by the generator (which serves every burst of the run). */
  private static Outcome burst(RunningHub hub, TestOwner owner, BenchProcess generator) throws Exception {
    AtomicInteger done = new AtomicInteger();
    Promise<Void> drained = Promise.promise();
    MessageConsumer<JsonObject> completions = hub.vertx().eventBus().consumer(SchedulerAddresses.TASK_COMPLETED,
      message -> {
        if (owner.id().toString().equals(message.body().getString("ownerId")) && done.incrementAndGet() == TASKS) {
          drained.tryComplete();
        }
      });
    Promise<Void> listening = Promise.promise();
    completions.completionHandler(listening);
    await(listening.future());
    try {
      generator.send(owner.apiKey());
      generator.await("connected", 120);
      double generatorStart = generator.cpuMillis();
      Bench.CpuClock cpu = Bench.CpuClock.start();
      long started = System.nanoTime();
      JsonObject seen = new JsonObject(generator.await("result", 900));
      await(drained.future());
      double seconds = (System.nanoTime() - started) / 1e9;
      Bench.CpuClock.Spent spent = cpu.stop();
      double generatorEnd = generator.cpuMillis();
      double generatorMillis = generatorStart < 0 || generatorEnd < 0 ? -1 : generatorEnd - generatorStart;
      return new Outcome(TASKS, seen, seconds, spent, generatorMillis, await(Bench.verify(hub, owner)));
    } finally {
      await(completions.unregister());
      Bench.awaitNoDaemonConnected(hub);
    }
  }

  private static void print(Outcome cold, Outcome warm) {
    System.out.println();
    System.out.printf("Burst of %d tasks, %d daemons × %d slots, %d creates in flight, load generator apart%n", TASKS,
      DAEMONS, SLOTS, IN_FLIGHT);
    System.out.println();
    System.out.printf("| figure | first burst, fresh JVM | after %d more, warm JVM | target |%n", WARMUP_BURSTS);
    System.out.println("| --- | --- | --- | --- |");
    row("throughput, first create → last task done", cold.throughput(), warm.throughput(), "≥ 1,500 tasks/s");
    row("create call p50 / p99", cold.createLatency(), warm.createLatency(), "—");
    row("hub JVM CPU per task (JIT compilation time per task)", cold.hubCpu(), warm.hubCpu(), "≤ 0.5 ms");
    row("Postgres CPU per task", cold.postgresCpu(), warm.postgresCpu(), "—");
    row("load generator CPU per task", cold.generatorCpu(), warm.generatorCpu(), "—");
    row("spawn frames / distinct tasks spawned", cold.spawns(), warm.spawns(), "equal");
    row("spawns rolled back as not delivered", Long.toString(cold.db().getLong("undelivered")),
      Long.toString(warm.db().getLong("undelivered")), "0");
    row("tasks not done (lost) / started more than once", cold.lost(), warm.lost(), "0 / 0");
    System.out.println();
    System.out.flush();
  }

  private static void row(String figure, String cold, String warm, String target) {
    System.out.printf("| %s | %s | %s | %s |%n", figure, cold, warm, target);
  }
}
