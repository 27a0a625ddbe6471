package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;

import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lost-daemon detection at the hub's default settings: a daemon runs a task and goes silent — its socket stays open,
 * its heartbeats stop, as a frozen machine's would — while another daemon of its owner idles. Measures from the
 * silent daemon's last heartbeat to the task's {@code spawnTask} at the other daemon, three times. Prints a table;
 * asserts nothing.
 */
public final class LostDaemonBenchmark {

  private static final int ROUNDS = 3;

  private LostDaemonBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Bench.onOwnHub((vertx, hub, api) -> {
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        millis.add(await(api.newOwner().compose(owner -> detection(vertx, hub, api, owner))));
      }
      long timeoutMs = hub.hub().config().daemons().timeoutMs();
      System.out.println();
      System.out.println("| figure | value | target |");
      System.out.println("| --- | --- | --- |");
      System.out.printf("| lost-daemon detection, last heartbeat → re-dispatched elsewhere (daemons.timeoutMs %d) | "
        + "%s s (median %.2f s) | ≤ %.0f s |%n", timeoutMs, String.join(" / ", millis.stream()
        .map(ms -> String.format("%.2f", ms / 1000.0)).toList()), Bench.percentile(millis, 50) / 1000.0,
        (timeoutMs + 1_000) / 1000.0);
      System.out.println();
    });
  }

  /** One round: milliseconds from the silent daemon's last heartbeat to the task's spawn on the other daemon. */
  private static Future<Long> detection(Vertx vertx, RunningHub hub, Api api, TestOwner owner) {
    return TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(silent -> api.createTask(owner,
        Api.task("survives its daemon"))
      .compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return silent.await("spawnTask", taskId)
          .compose(spawn -> {
            silent.reportRunning(taskId);
            return TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1);
          })
          .compose(other -> {
            silent.stopHeartbeats();
            silent.send(new JsonObject().put("type", "heartbeat"));
            long lastHeartbeat = System.nanoTime();
            return other.await("spawnTask", taskId)
              .map(spawn -> (System.nanoTime() - lastHeartbeat) / 1_000_000)
              .eventually(other::kill);
          });
      })
      .eventually(silent::kill));
  }
}
