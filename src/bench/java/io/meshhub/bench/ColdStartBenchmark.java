package io.meshhub.bench;

import io.meshhub.support.MeshhubProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: {@code java -jar meshhub.jar serve} to {@code GET /ready} answering 200, with the embedded Postgres on a
 * data directory that exists (a first start made it), three times; the first start on a new directory is shown too.
 * Needs the jar ({@code package} runs before the benchmarks' {@code verify}). Prints a table; asserts nothing.
 */
public final class ColdStartBenchmark {

  private static final int ROUNDS = 3;
  private static final Path JAR = Path.of("target", "meshhub.jar");

  private ColdStartBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: build it first (mvn -B -Pbench -DskipTests verify does)");
    }
    Path dir = Files.createTempDirectory("meshhub-cold-start");
    Bench.deleteOnExit(dir);
    Path dataDir = dir.resolve("pg");
    long first = startToReady(dataDir);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      millis.add(startToReady(dataDir));
    }
    System.out.println();
    System.out.println("| figure | value | target |");
    System.out.println("| --- | --- | --- |");
    System.out.printf("| cold start, java -jar → /ready, existing data directory | %s s (median %.2f s) | ≤ 5 s |%n",
      String.join(" / ", millis.stream().map(ms -> String.format("%.2f", ms / 1000.0)).toList()),
      Bench.percentile(millis, 50) / 1000.0);
    System.out.printf("| first start on a new data directory (initdb, migrations) | %.2f s | — |%n", first / 1000.0);
    System.out.println();
    System.exit(0);
  }

  /** Starts the jar, waits for {@code /ready}, stops it (SIGTERM); returns the milliseconds to ready. */
  private static long startToReady(Path dataDir) throws Exception {
    int port = freePort();
    long started = System.nanoTime();
    BenchProcess hub = BenchProcess.of(List.of(MeshhubProcess.java(), "-Xmx1g", "-Dhttp.port=" + port,
      "-Ddb.dataDir=" + dataDir, "-jar", JAR.toString(), "serve"));
    try {
      hub.await("meshhub ready at", 120);
      awaitReady(port);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    } finally {
      hub.stop();
    }
  }

  /** The ready line is printed once the hub is ready; {@code /ready} confirms it, as a load balancer would ask. */
  private static void awaitReady(int port) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build();
    while (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
