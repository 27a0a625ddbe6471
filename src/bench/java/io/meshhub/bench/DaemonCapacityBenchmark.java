package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;
import static io.meshhub.bench.Bench.percentile;


import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Daemon capacity of one node: a load generator in a process of its own connects 10,000 daemons (100 owners × 100)
 * that heartbeat at the hub's default interval (5 s); meanwhile the dispatch latency of another owner's daemon is
 * sampled. Reports the hub's heap (it runs with {@code -Xmx1g}), how long the connections took, the latency, and
 * whether every daemon was still connected after {@code -Dbench.seconds} of heartbeats. Prints a table; asserts
 * nothing.
 */
public final class DaemonCapacityBenchmark {

  private static final int DAEMONS = Integer.getInteger("bench.daemons", 10_000);
  private static final int OWNERS = 100;
  private static final long HEARTBEAT_SECONDS = Math.min(Long.getLong("bench.seconds", 60), 60);
  private static final int LATENCY_WARMUP = 100;
  private static final int LATENCY_SAMPLES = 500;

  private DaemonCapacityBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Bench.onOwnHub((vertx, hub, api) -> {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < OWNERS; i++) {
        keys.add(await(api.newOwner()).apiKey());
      }
      Path keyFile = Files.createTempFile("meshhub-bench-keys", ".txt");
      Files.write(keyFile, keys);
      long started = System.nanoTime();
      try (BenchProcess generator = BenchProcess.generator("2g", "daemons", Integer.toString(hub.port()),
        keyFile.toString(), Integer.toString(DAEMONS))) {
        generator.await("connected", 900);
        double connectSeconds = (System.nanoTime() - started) / 1e9;
        long heartbeatsUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS);
        List<Long> latencies = await(Bench.dispatchLatency(vertx, hub, api, LATENCY_WARMUP, LATENCY_SAMPLES));
        long peakHeap = Bench.peakHeapBytes();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, heartbeatsUntil - System.nanoTime()));
        long connected = await(Bench.connectedDaemons(hub));
        print(connectSeconds, latencies, Math.max(peakHeap, Bench.peakHeapBytes()), heapAfterGc(), connected);
      } finally {
        Files.deleteIfExists(keyFile);
      }
      Bench.awaitNoDaemonConnected(hub);
    });
  }

  /** The heap the hub holds on to: what is left once a full collection ran. */
  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void print(double connectSeconds, List<Long> latencies, long peakHeap, long heapAfterGc,
                            long connected) {
    System.out.println();
    System.out.println("| figure | value | target |");
    System.out.println("| --- | --- | --- |");
    System.out.printf("| %d daemons (%d owners) connected, load generator apart | in %.1f s | — |%n", DAEMONS, OWNERS,
      connectSeconds);
    System.out.printf("| daemons still connected after %d s of heartbeats every 5 s (+ the latency probe's) | %d "
      + "| %d |%n", HEARTBEAT_SECONDS, connected, DAEMONS);
    System.out.printf("| hub heap: peak (sum of its pools' peaks) / after a full GC; the hub runs with -Xmx1g "
      + "| %d MiB / %d MiB | ≤ 1,024 MiB |%n", peakHeap >> 20, heapAfterGc >> 20);
    System.out.printf("| dispatch latency meanwhile p50 / p99, %d samples | %.2f ms / %.2f ms | ≤ 3 ms / ≤ 15 ms |%n",
      latencies.size(), percentile(latencies, 50) / 1000.0, percentile(latencies, 99) / 1000.0);
    System.out.println();
  }
}
