package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;
import static io.meshhub.bench.Bench.percentile;

import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures dispatch on a real hub with its own embedded Postgres, load generator in the same JVM: dispatch latency
 * (create request → spawnTask at an idle daemon) and lifecycle throughput (50 daemons × 4 slots, create → dispatch
 * → taskComplete → done, for 60 s), then checks that nothing was lost or dispatched twice. Prints a table; asserts
 * nothing.
 *
 * <p>A hub in service runs compiled code; a fresh JVM spends its first seconds interpreting and compiling (on two
 * cores the compiler takes about one of them, for most of a minute). So the latency is measured twice: on the fresh
 * JVM, then after an untimed warm-up of lifecycle load ({@code -Dbench.warmupSeconds}, 45 by default: about the
 * warm-up JMH gives a benchmark by default). The throughput run follows; both warm figures are the ones held to the
 * targets.
 */
public final class DispatchBenchmark {

  private static final int LATENCY_WARMUP = 100;
  private static final int LATENCY_SAMPLES = 1_000;
  private static final int DAEMONS = 50;
  private static final int SLOTS = 4;
  private static final long THROUGHPUT_SECONDS = Long.getLong("bench.seconds", 60);
  private static final long WARMUP_SECONDS = Long.getLong("bench.warmupSeconds", 45);
  /** Created-but-not-done tasks kept waiting, so the daemons never run dry. */
  private static final int BACKLOG = 2 * DAEMONS * SLOTS;
  private static final int CREATES_IN_FLIGHT = 64;

  private DispatchBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Bench.onOwnHub((vertx, hub, api) -> {
      List<Long> coldLatencies = await(Bench.dispatchLatency(vertx, hub, api, LATENCY_WARMUP, LATENCY_SAMPLES));
      Throughput warmup = await(measureThroughput(vertx, hub, api, WARMUP_SECONDS));
      List<Long> latencies = await(Bench.dispatchLatency(vertx, hub, api, LATENCY_WARMUP, LATENCY_SAMPLES));
      Throughput throughput = await(measureThroughput(vertx, hub, api, THROUGHPUT_SECONDS));
      Report.print(coldLatencies, warmup, latencies, throughput);
    });
  }

  /** What the throughput run saw, and what the database says about it. */
  record Throughput(long seconds, long created, long completedInWindow, long completedAfterDrain, long spawnFrames,
                    long distinctSpawned, long tasksNotDone, long tasksStartedMoreThanOnce) {
  }

  private static Future<Throughput> measureThroughput(Vertx vertx, RunningHub hub, Api api, long seconds) {
    Set<String> spawned = ConcurrentHashMap.newKeySet();
    AtomicLong spawnFrames = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicLong expected = new AtomicLong(Long.MAX_VALUE);
    Promise<Void> drained = Promise.promise();
    return api.newOwner().compose(owner -> {
      MessageConsumer<JsonObject> completions = hub.vertx().eventBus().consumer(SchedulerAddresses.TASK_COMPLETED,
        message -> {
          if (owner.id().toString().equals(message.body().getString("ownerId"))
            && completed.incrementAndGet() >= expected.get()) {
            drained.tryComplete();
          }
        });
      List<Future<TestDaemon>> connecting = new ArrayList<>();
      for (int i = 0; i < DAEMONS; i++) {
        connecting.add(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), SLOTS)
          .onSuccess(daemon -> completeEverySpawn(daemon, spawned, spawnFrames)));
      }
      return Future.all(connecting).compose(connected -> {
        Load load = new Load(vertx, api, owner, completed);
        long started = System.nanoTime();
        return load.run(TimeUnit.SECONDS.toNanos(seconds)).compose(createdInWindow -> {
          long completedInWindow = completed.get();
          long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
          expected.set(load.created());
          if (completed.get() >= load.created()) {
            drained.tryComplete();
          }
          vertx.setTimer(30_000, timeout -> drained.tryComplete());
          return drained.future()
            .compose(done -> Bench.verify(hub, owner))
            .map(row -> new Throughput(elapsed, load.created(), completedInWindow, completed.get(), spawnFrames.get(),
              spawned.size(), row.getLong("not_done"), row.getLong("started_twice")));
        });
      }).eventually(() -> Future.join(connecting.stream().map(daemon -> daemon.compose(TestDaemon::kill)).toList()))
        .eventually(() -> completions.unregister());
    });
  }

  /** Each daemon completes a task as soon as it is spawned, as an instant agent would. */
  private static void completeEverySpawn(TestDaemon daemon, Set<String> spawned, AtomicLong frames) {
    daemon.await("spawnTask").onSuccess(spawn -> {
      frames.incrementAndGet();
      spawned.add(spawn.getString("taskId"));
      daemon.complete(UUID.fromString(spawn.getString("taskId")), true, "ok");
      completeEverySpawn(daemon, spawned, frames);
    });
  }

  /** Creates tasks over HTTP as fast as the backlog allows, for the given time. */
  private static final class Load {

    private final Vertx vertx;
    private final Api api;
    private final TestOwner owner;
    private final AtomicLong completed;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final Promise<Long> finished = Promise.promise();
    private long deadline;

    Load(Vertx vertx, Api api, TestOwner owner, AtomicLong completed) {
      this.vertx = vertx;
      this.api = api;
      this.owner = owner;
      this.completed = completed;
    }

    Future<Long> run(long durationNanos) {
      deadline = System.nanoTime() + durationNanos;
      vertx.runOnContext(start -> fill());
      vertx.setPeriodic(5, timer -> {
        if (System.nanoTime() <= deadline) {
          fill();
        } else if (inFlight.get() == 0) {
          vertx.cancelTimer(timer);
          finished.tryComplete(created.get());
        }
      });
      return finished.future();
    }

    long created() {
      return created.get();
    }

    private void fill() {
      while (System.nanoTime() < deadline && inFlight.get() < CREATES_IN_FLIGHT
        && created.get() + inFlight.get() - completed.get() < BACKLOG) {
        inFlight.incrementAndGet();
        api.createTask(owner, Api.task("load")).onComplete(done -> {
          inFlight.decrementAndGet();
          if (done.succeeded()) {
            created.incrementAndGet();
          }
          fill();
        });
      }
    }
  }

  /** The figures, as a table. */
  private static final class Report {

    private Report() {
    }

    static void print(List<Long> coldLatencies, Throughput warmup, List<Long> latencies, Throughput t) {
      System.out.println();
      System.out.println("| figure | value | target |");
      System.out.println("| --- | --- | --- |");
      System.out.printf("| fresh JVM: dispatch latency p50 / p99, %d samples | %.2f / %.2f ms | — |%n",
        coldLatencies.size(), percentile(coldLatencies, 50) / 1000.0, percentile(coldLatencies, 99) / 1000.0);
      System.out.printf("| warm-up: lifecycle load, %d s | %.0f tasks/s, %d lost, %d started twice | — |%n",
        warmup.seconds(), warmup.completedInWindow() / (double) Math.max(1, warmup.seconds()), warmup.tasksNotDone(),
        warmup.tasksStartedMoreThanOnce());
      System.out.printf("| dispatch latency p50 (create request → spawnTask), %d samples | %.2f ms | ≤ 3 ms |%n",
        latencies.size(), percentile(latencies, 50) / 1000.0);
      System.out.printf("| dispatch latency p99 | %.2f ms | ≤ 15 ms |%n", percentile(latencies, 99) / 1000.0);
      System.out.printf("| lifecycle throughput, %d daemons × %d slots, %d s | %.0f tasks/s | ≥ 2,000 tasks/s |%n",
        DAEMONS, SLOTS, t.seconds(), t.completedInWindow() / (double) Math.max(1, t.seconds()));
      System.out.printf("| tasks created / done after drain | %d / %d | equal |%n", t.created(),
        t.completedAfterDrain());
      System.out.printf("| spawn frames / distinct tasks spawned | %d / %d | equal |%n", t.spawnFrames(),
        t.distinctSpawned());
      System.out.printf("| tasks not done (lost) / started more than once | %d / %d | 0 / 0 |%n", t.tasksNotDone(),
        t.tasksStartedMoreThanOnce());
      System.out.println();
    }
  }
}
