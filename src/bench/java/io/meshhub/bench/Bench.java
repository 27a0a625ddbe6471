package io.meshhub.bench;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What every benchmark does around its measurements: a hub of its own, waiting on futures, percentiles. */
final class Bench {

  private Bench() {
  }

  /** A hub on a brand-new embedded Postgres, so no earlier run's data skews the figures. */
  static RunningHub startHub() throws IOException {
    Path dataDir = Files.createTempDirectory("meshhub-bench");
    String adminKey = ApiKeys.newOwnerKey();
    return TestHub.start(Map.of("db.url", "", "db.dataDir", dataDir.resolve("pg").toString(),
      "auth.bootstrapKey", adminKey), adminKey);
  }

  static void stop(Vertx vertx, RunningHub hub) throws Exception {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      hub.stop();
    }
  }

  /** The benchmark's main thread waits; the hub's event loops never do. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
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
}
