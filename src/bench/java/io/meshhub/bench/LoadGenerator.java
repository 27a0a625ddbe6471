package io.meshhub.bench;

import io.meshhub.support.Api;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The users of a benchmarked hub, in a process of their own so that their work is not counted as the hub's: daemons
 * over SockJS and owners over HTTP, as a user's would be. Started by a benchmark, it prints one line per milestone
 * ({@code connected …}, {@code result {json}}) and exits when its standard input closes.
 *
 * <ul>
 *   <li>{@code burst <port> <tasks> <daemons> <slots> <inFlight>}: for each owner key the benchmark writes on a line
 *   of its standard input, that owner's daemons connect and complete every task on arrival, {@code tasks} tasks are
 *   created as fast as {@code inFlight} requests allow, and the daemons leave. One process serves every burst of a
 *   run, so that its own compiler is done with it by the time a warm burst is measured.</li>
 *   <li>{@code daemons <port> <keysFile> <count>}: {@code count} daemons, spread over the owners' keys listed in
 *   the file, connect and heartbeat at the interval the hub asks for.</li>
 * </ul>
 */
public final class LoadGenerator {

  private static final int CONNECTING_AT_ONCE = 100;

  private LoadGenerator() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(60_000));
    int port = Integer.parseInt(args[1]);
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    switch (args[0]) {
      case "burst" -> {
        for (String ownerKey = input.readLine(); ownerKey != null; ownerKey = input.readLine()) {
          burst(vertx, port, ownerKey.trim(), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
            Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
      }
      case "daemons" -> daemons(vertx, port, Files.readAllLines(Path.of(args[2])), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    // The benchmark closes our standard input when it has what it needs.
    while (input.read() >= 0) {
      continue;
    }
    System.exit(0);
  }

  private static void burst(Vertx vertx, int port, String ownerKey, int tasks, int daemons, int slots, int inFlight)
    throws Exception {
    Set<String> spawned = ConcurrentHashMap.newKeySet();
    AtomicInteger spawnFrames = new AtomicInteger();
    Promise<Void> allSpawned = Promise.promise();
    List<Future<TestDaemon>> connecting = new ArrayList<>();
    for (int i = 0; i < daemons; i++) {
      connecting.add(TestDaemon.connect(vertx, port, ownerKey, slots).onSuccess(daemon -> completeEverySpawn(daemon,
        spawned, spawnFrames, tasks, allSpawned)));
    }
    Bench.await(Future.all(connecting));
    say("connected " + daemons);
    Api api = new Api(vertx, port, null);
    TestOwner owner = new TestOwner(null, "burst", ownerKey);
    long started = System.nanoTime();
    List<Long> createMicros = Bench.await(new Creations(vertx, api, owner, tasks, inFlight).run());
    long created = System.nanoTime();
    Bench.await(allSpawned.future());
    long done = System.nanoTime();
    Bench.await(Future.join(connecting.stream().map(daemon -> daemon.compose(TestDaemon::kill)).toList()));
    say("result " + new JsonObject()
      .put("created", createMicros.size())
      .put("createSeconds", (created - started) / 1e9)
      .put("spawnedSeconds", (done - started) / 1e9)
      .put("createP50Micros", Bench.percentile(createMicros, 50))
      .put("createP99Micros", Bench.percentile(createMicros, 99))
      .put("spawnFrames", spawnFrames.get())
      .put("distinctSpawned", spawned.size())
      .encode());
  }

  /** Each daemon completes a task as soon as it is spawned, as an instant agent would. */
  private static void completeEverySpawn(TestDaemon daemon, Set<String> spawned, AtomicInteger frames, int expected,
                                         Promise<Void> allSpawned) {
    daemon.await("spawnTask").onSuccess(spawn -> {
      frames.incrementAndGet();
      spawned.add(spawn.getString("taskId"));
      daemon.complete(UUID.fromString(spawn.getString("taskId")), true, "ok");
      if (spawned.size() >= expected) {
        allSpawned.tryComplete();
      }
      completeEverySpawn(daemon, spawned, frames, expected, allSpawned);
    });
  }

  /** Connects the daemons a hundred at a time, round robin over the owners' keys. */
  private static void daemons(Vertx vertx, int port, List<String> ownerKeys, int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < CONNECTING_AT_ONCE; lane++) {
      lanes.add(connectNext(vertx, port, ownerKeys, count, next));
    }
    Bench.await(Future.all(lanes));
    say("connected " + count);
  }

  private static Future<Void> connectNext(Vertx vertx, int port, List<String> ownerKeys, int count,
                                          AtomicInteger next) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return Future.succeededFuture();
    }
    return TestDaemon.connect(vertx, port, ownerKeys.get(i % ownerKeys.size()), 1)
      .compose(connected -> connectNext(vertx, port, ownerKeys, count, next));
  }

  private static void say(String line) throws IOException {
    System.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }

  /** Creates the tasks over HTTP with at most {@code inFlight} requests at once; completes with each one's time. */
  private static final class Creations {

    private final Vertx vertx;
    private final Api api;
    private final TestOwner owner;
    private final int tasks;
    private final int inFlight;
    private final List<Long> micros = new ArrayList<>();
    private final Promise<List<Long>> finished = Promise.promise();
    private int sent;
    private int answered;

    Creations(Vertx vertx, Api api, TestOwner owner, int tasks, int inFlight) {
      this.vertx = vertx;
      this.api = api;
      this.owner = owner;
      this.tasks = tasks;
      this.inFlight = inFlight;
    }

    Future<List<Long>> run() {
      vertx.runOnContext(start -> {
        for (int i = 0; i < inFlight; i++) {
          sendNext();
        }
      });
      return finished.future();
    }

    private void sendNext() {
      if (sent == tasks) {
        return;
      }
      int number = sent++;
      long start = System.nanoTime();
      api.createTask(owner, Api.task("burst-" + number)).onComplete(created -> {
        if (created.succeeded()) {
          micros.add((System.nanoTime() - start) / 1_000);
        }
        if (++answered == tasks) {
          finished.complete(micros);
        } else {
          sendNext();
        }
      });
    }
  }
}
