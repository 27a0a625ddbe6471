package io.meshhub.support;

import io.meshhub.app.ConfigLoader;
import io.meshhub.app.Hub;
import io.meshhub.auth.ApiKeys;
import io.meshhub.core.MeshhubConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real hubs for tests. {@link #shared()} is one hub per test JVM on {@link TestDatabase}, started on first use;
 * test classes keep apart by creating their own owners. {@link #start(Map)} starts a hub of one's own.
 */
public final class TestHub {

  private static RunningHub shared;

  private TestHub() {
  }

  /**
   * Timings of hubs under test: daemons heartbeat fast and are lost after 3 s of silence, blocked questions wait
   * seconds rather than minutes, and the safety sweep is so slow that every dispatch a test sees was started by an
   * event.
   */
  public static final Map<String, String> TEST_TIMINGS = Map.of("scheduler.sweepMs", "600000",
    "daemons.heartbeatMs", "300", "daemons.timeoutMs", "3000", "daemons.commandTimeoutMs", "3000",
    "questions.phaseguardWaitMs", "1500", "questions.autoWaitMs", "800", "questions.pollWaitMs", "1500",
    "daemons.checkpointWaitMs", "1000");

  /** The hub every test class shares, with a known admin key. */
  public static synchronized RunningHub shared() {
    if (shared == null) {
      String adminKey = ApiKeys.newOwnerKey();
      Map<String, String> overrides = new HashMap<>(TEST_TIMINGS);
      overrides.put("db.url", TestDatabase.url());
      overrides.put("auth.bootstrapKey", adminKey);
      shared = start(overrides, adminKey);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /**
   * A hub of a test's own, on a database of its own with the test timings, that the test may stop and start again
   * (each start is a new node on the same data).
   */
  public record OwnHub(Map<String, String> config, String adminKey) {

    public static OwnHub create() {
      String adminKey = ApiKeys.newOwnerKey();
      Map<String, String> config = new HashMap<>(TEST_TIMINGS);
      config.put("db.url", TestDatabase.newDatabase());
      config.put("auth.bootstrapKey", adminKey);
      return new OwnHub(Map.copyOf(config), adminKey);
    }

    /**
     * The same hub with these settings too, for example a fixed {@code http.port} so that daemons and agents find
     * it again after a restart.
     */
    public OwnHub with(Map<String, String> settings) {
      Map<String, String> merged = new HashMap<>(config);
      merged.putAll(settings);
      return new OwnHub(Map.copyOf(merged), adminKey);
    }

    /** A free port to fix the hub's HTTP port to. */
    public static String freePort() {
      return Integer.toString(TestHub.freePort());
    }

    /** Starts a node; blocks until it is ready. */
    public RunningHub start() {
      return TestHub.start(config, adminKey);
    }
  }

  /**
   * Starts a hub with the default configuration plus these overrides (given as {@code -D} properties would be),
   * on a free HTTP port. Blocks until it is ready.
   */
  public static RunningHub start(Map<String, String> overrides, String adminKey) {
    Map<String, String> properties = new HashMap<>(overrides);
    properties.putIfAbsent("http.port", Integer.toString(freePort()));
    MeshhubConfig config = MeshhubConfig.fromJson(ConfigLoader.resolve(defaults(), Map.of(), properties));
    try {
      Hub hub = Hub.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      return new RunningHub(hub, adminKey);
    } catch (Exception e) {
      throw new IllegalStateException("the hub under test did not start", e);
    }
  }

  private static JsonObject defaults() {
    try {
      return new JsonObject(Files.readString(Path.of(ConfigLoader.DEFAULT_FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
