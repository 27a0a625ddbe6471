package io.meshhub.daemons;

import io.meshhub.core.BusCalls;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.core.WriteBatch;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * The registry of daemons: registrations, heartbeats, disconnections, and the reports daemons make about their
 * tasks. Sessions live in the HTTP verticles that hold the sockets; they tell this verticle what happens. On start,
 * and whenever a node leaves the cluster, daemons that a dead node held are marked disconnected.
 */
public final class DaemonRegistryVerticle extends AbstractVerticle {

  private static final Logger log = LoggerFactory.getLogger(DaemonRegistryVerticle.class);

  private final HubContext context;

  public DaemonRegistryVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = context.pool(vertx);
    DaemonRepository repository = new DaemonRepository(pool);
    CapacityMeters capacity = new CapacityMeters(HubMetrics.of(vertx).registry());
    HubMetrics.of(vertx).refreshedOnScrape(() -> capacity.refresh(pool));
    DaemonRegistry registry = new DaemonRegistry(repository, vertx.eventBus());
    TaskReports reports = new TaskReports(new TaskReportRepository(pool), vertx.eventBus());
    // Ten thousand daemons beat two thousand times a second: those heard meanwhile are written together.
    WriteBatch<DaemonRepository.Heartbeat, Void> heartbeats = new WriteBatch<>(repository::heartbeats);

    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
      bus.localConsumer(DaemonsAddresses.REGISTER, message ->
        BusCalls.reply(message, () -> registry.register(Registration.fromJson(message.body())))),
      bus.localConsumer(DaemonsAddresses.CLAIM, message -> BusCalls.reply(message,
        () -> registry.claim(uuid(message.body(), "ownerId"), uuid(message.body(), "daemonId")))),
      bus.localConsumer(DaemonsAddresses.HEARTBEAT, message -> heartbeats.add(new DaemonRepository.Heartbeat(
          uuid(message.body(), "daemonId"), uuid(message.body(), "sessionId")))
        .onFailure(failure -> log.warn("Heartbeat not recorded: {}", failure.getMessage()))),
      bus.localConsumer(DaemonsAddresses.REPORT, message -> BusCalls.reply(message, () -> reports.apply(
        uuid(message.body(), "daemonId"), uuid(message.body(), "ownerId"), message.body().getJsonObject("frame")))),
      bus.localConsumer(DaemonsAddresses.DISCONNECTED, message -> registry.disconnected(
          uuid(message.body(), "daemonId"),
          uuid(message.body(), "sessionId"), message.body().getString("reason"))
        .onFailure(failure -> log.error("Disconnection of a daemon not handled", failure))));

    Future.all(consumers.stream().map(BusCalls::registered).toList())
      .compose(registered -> disconnectDeadNodes(registry))
      .onSuccess(swept -> {
        // A node that leaves the cluster takes its daemons' sockets with it: every node hears it and marks them
        // disconnected (one guarded statement). Their tasks keep running for the silence timeout, so that the
        // daemons can reconnect to a node that is alive and keep them.
        Context here = vertx.getOrCreateContext();
        context.onNodeLeft().accept(() -> here.runOnContext(left -> disconnectDeadNodes(registry)));
        // The safety net: a daemon whose heartbeats stopped long ago has no live session anywhere.
        long timeoutMs = context.config().daemons().timeoutMs();
        vertx.setPeriodic(timeoutMs, sweep -> registry.disconnectSilent(2 * timeoutMs)
          .onFailure(failure -> log.error("Silent daemons not swept", failure)));
      })
      .<Void>mapEmpty()
      .onComplete(started);
  }

  private Future<Integer> disconnectDeadNodes(DaemonRegistry registry) {
    return registry.disconnectDeadNodes(context.liveNodes().get()).onSuccess(lost -> {
      if (lost > 0) {
        log.info("{} daemons were held by nodes that are gone; they are disconnected", lost);
      }
    });
  }

  private static UUID uuid(JsonObject body, String key) {
    return UUID.fromString(body.getString(key));
  }
}
