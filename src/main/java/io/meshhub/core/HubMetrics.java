package io.meshhub.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A node's meters: the Micrometer registry Vert.x reports its own HTTP, event-bus and pool meters to, where each
 * feature adds the hub's (see the README's Operating section), and the reads of the database that gauges of
 * hub-wide counts take when they are scraped — fresh at every scrape, and nothing read between scrapes.
 */
public final class HubMetrics {

  private static final Map<Vertx, HubMetrics> NODES = new ConcurrentHashMap<>();

  private final MeterRegistry registry;
  private final List<Supplier<Future<Void>>> refreshes = new CopyOnWriteArrayList<>();

  private HubMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The node on {@code vertx} reports to this registry (Vert.x's own, when metrics are on). */
  public static void install(Vertx vertx, MeterRegistry registry) {
    NODES.put(vertx, new HubMetrics(registry));
  }

  public static void uninstall(Vertx vertx) {
    NODES.remove(vertx);
  }

  /** The node's meters; a Vert.x started without them (a test's) gets a registry that only counts. */
  public static HubMetrics of(Vertx vertx) {
    return NODES.computeIfAbsent(vertx, unknown -> new HubMetrics(new SimpleMeterRegistry()));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** {@code refresh} sets some gauges from the database; it runs before each scrape. */
  public void refreshedOnScrape(Supplier<Future<Void>> refresh) {
    refreshes.add(refresh);
  }

  /** Every meter in Prometheus's text format, the gauges read from the database just before. */
  public Future<String> scrape() {
    return Future.join(refreshes.stream().map(Supplier::get).toList())
      .transform(refreshed -> Future.succeededFuture(registry instanceof PrometheusMeterRegistry prometheus
        ? prometheus.scrape() : ""));
  }
}
