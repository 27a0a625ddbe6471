package io.meshhub.support;

import io.meshhub.auth.ApiKeys;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of hub nodes, each a JVM of its own ({@link HubProcess}), on one Postgres and one Hazelcast cluster of a
 * name of its own (so that no other test's nodes merge into it), so that a node can be killed for real.
 */
public final class ClusterNodes implements AutoCloseable {

  /** Hazelcast notices a killed member within seconds, not its default minute. */
  private static final Map<String, String> FAST_MEMBERSHIP = Map.of("hazelcast.wait.seconds.before.join", "0",
    "hazelcast.heartbeat.interval.seconds", "1", "hazelcast.max.no.heartbeat.seconds", "4",
    "hazelcast.merge.first.run.delay.seconds", "5", "hazelcast.merge.next.run.delay.seconds", "5");

  private final List<HubProcess> nodes;
  private final List<Integer> httpPorts;
  private final String adminKey;
  private final String dbUrl;

  private ClusterNodes(List<HubProcess> nodes, List<Integer> httpPorts, String adminKey, String dbUrl) {
    this.nodes = nodes;
    this.httpPorts = httpPorts;
    this.adminKey = adminKey;
    this.dbUrl = dbUrl;
  }

  /** Starts {@code count} nodes at once on a new database; their logs go to {@code dir}. */
  public static ClusterNodes start(int count, Path dir, Map<String, String> settings) {
    String adminKey = ApiKeys.newOwnerKey();
    Map<String, String> shared = new HashMap<>(TestHub.TEST_TIMINGS);
    shared.putAll(FAST_MEMBERSHIP);
    shared.put("db.url", TestDatabase.newDatabase());
    shared.put("auth.bootstrapKey", adminKey);
    shared.put("cluster.enabled", "true");
    shared.put("cluster.name", "meshhub-test-" + UUID.randomUUID());
    shared.putAll(settings);
    List<Integer> hazelcastPorts = IntStream.range(0, count).mapToObj(i -> TestHub.freePort()).toList();
    shared.put("cluster.members", hazelcastPorts.stream().map(port -> "127.0.0.1:" + port)
      .collect(Collectors.joining(",")));
    List<Integer> httpPorts = IntStream.range(0, count).mapToObj(i -> TestHub.freePort()).toList();
    List<CompletableFuture<HubProcess>> starting = IntStream.range(0, count).mapToObj(i -> {
      Map<String, String> node = new HashMap<>(shared);
      node.put("http.port", Integer.toString(httpPorts.get(i)));
      node.put("cluster.port", Integer.toString(hazelcastPorts.get(i)));
      return CompletableFuture.supplyAsync(() -> HubProcess.start(node, dir.resolve("node-" + (i + 1) + ".log")));
    }).toList();
    return new ClusterNodes(starting.stream().map(CompletableFuture::join).toList(), httpPorts, adminKey,
      shared.get("db.url"));
  }

  /** The HTTP port of node {@code i} (from 0). */
  public int port(int i) {
    return httpPorts.get(i);
  }

  public String adminKey() {
    return adminKey;
  }

  /** The nodes' database, for a test that checks what they wrote. */
  public String dbUrl() {
    return dbUrl;
  }

  /** kill -9 of node {@code i}. */
  public void kill(int i) {
    nodes.get(i).kill();
  }

  @Override
  public void close() {
    nodes.forEach(HubProcess::kill);
  }

}
