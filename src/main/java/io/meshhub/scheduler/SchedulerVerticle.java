package io.meshhub.scheduler;

import io.meshhub.core.BusCalls;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.daemons.DaemonsAddresses;
import io.meshhub.history.History;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The single owner of task state changes on its node: owners' requests (create, edit, cancel, retry), the
 * try-start-pending loop, and what daemons report about their tasks. After a start it retries the tasks whose
 * daemon did not come back.
 */
public final class SchedulerVerticle extends AbstractVerticle {

  private static final Logger log = LoggerFactory.getLogger(SchedulerVerticle.class);

  private final HubContext context;
  private TryStartPendingLoop loop;

  public SchedulerVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    MeshhubConfig config = context.config();
    Pool pool = context.pool(vertx);
    TaskUpdates updates = new TaskUpdates(vertx.eventBus());
    loop = new TryStartPendingLoop(vertx, new DispatchRepository(pool, config.daemons().timeoutMs() / 2), updates,
      config.scheduler().sweepMs(), config.scheduler().retryCooldownMs(), config.daemons().timeoutMs(),
      config.http().url());
    HubMetrics.of(vertx).refreshedOnScrape(() -> loop.meters().refresh(pool));
    TaskRepository tasks = new TaskRepository(pool);
    TaskLifecycle lifecycle = new TaskLifecycle(vertx.eventBus(), tasks, updates, loop::kick,
      config.tasks().maxRetries());
    Integrations integrations = new Integrations(vertx.eventBus(), tasks, lifecycle, History.of(pool),
      config.daemons().commandTimeoutMs());
    TaskRuns runs = new TaskRuns(new RunningTaskRepository(pool), updates, loop::kick, loop::kickAfterRetryCooldown,
      config.daemons().timeoutMs());
    Resumption resumption = new Resumption(tasks, updates, loop);

    List<MessageConsumer<JsonObject>> consumers = consumers(lifecycle, runs, integrations, resumption);
    Future.all(consumers.stream().map(BusCalls::registered).toList())
      .onSuccess(registered -> {
        loop.kick();
        vertx.setTimer(config.daemons().timeoutMs(), grace -> {
          retryOrphans(runs);
          // A loss whose interruption failed (a bus timeout, a crash in between) is caught by the sweep.
          vertx.setPeriodic(config.scheduler().sweepMs(), sweep -> retryOrphans(runs));
        });
      })
      .<Void>mapEmpty()
      .onComplete(started);
  }

  /** Owners' requests, the loop's kicks, and what the daemon registry and sessions report. */
  private List<MessageConsumer<JsonObject>> consumers(TaskLifecycle lifecycle, TaskRuns runs,
                                                      Integrations integrations, Resumption resumption) {
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    consumers.add(bus.localConsumer(SchedulerAddresses.CREATE, message ->
      BusCalls.reply(message, () -> lifecycle.create(NewTask.fromJson(message.body())).map(Task::toJson))));
    consumers.add(bus.localConsumer(SchedulerAddresses.SPAWN, message ->
      BusCalls.reply(message, () -> lifecycle.spawn(SpawnRequest.fromJson(message.body())).map(Task::toJson))));
    consumers.add(bus.localConsumer(SchedulerAddresses.UPDATE, message ->
      BusCalls.reply(message, () -> lifecycle.update(TaskPatch.fromJson(message.body())).map(Task::toJson))));
    consumers.add(bus.localConsumer(SchedulerAddresses.CANCEL, message ->
      BusCalls.reply(message, () -> lifecycle.cancel(TaskRef.fromJson(message.body())).map(Task::toJson))));
    consumers.add(bus.localConsumer(SchedulerAddresses.RETRY, message ->
      BusCalls.reply(message, () -> lifecycle.retry(TaskRef.fromJson(message.body())).map(Task::toJson))));
    consumers.add(bus.localConsumer(SchedulerAddresses.RESUME, message ->
      BusCalls.reply(message, () -> resumption.resume(ResumeRequest.fromJson(message.body())))));
    consumers.add(bus.localConsumer(SchedulerAddresses.CREATE_RED_TEAM_MONITOR, message -> BusCalls.reply(message,
      () -> lifecycle.createRedTeamMonitor(UUID.fromString(message.body().getString("ownerId")),
        UUID.fromString(message.body().getString("contractId")), message.body().getString("plan")))));
    consumers.add(bus.localConsumer(SchedulerAddresses.MERGE, message ->
      BusCalls.reply(message, () -> integrations.merge(MergeRequest.fromJson(message.body())))));
    consumers.add(bus.localConsumer(SchedulerAddresses.PULL_REQUEST, message ->
      BusCalls.reply(message, () -> integrations.pullRequest(PullRequest.fromJson(message.body())))));
    consumers.add(bus.localConsumer(SchedulerAddresses.KICK, message -> loop.kick()));
    consumers.add(bus.consumer(DaemonsAddresses.CONNECTED, message -> {
      loop.daemonRegistered(daemonId(message.body()));
      loop.kick();
    }));
    consumers.add(bus.localConsumer(DaemonsAddresses.TASK_REPORT, message -> BusCalls.reply(message,
      () -> runs.report(daemonId(message.body()), message.body().getJsonObject("frame")))));
    consumers.add(bus.localConsumer(DaemonsAddresses.LOST, message -> BusCalls.reply(message,
      () -> runs.daemonLost(daemonId(message.body()), UUID.fromString(message.body().getString("sessionId")),
        message.body().getString("reason")))));
    consumers.add(bus.localConsumer(DaemonsAddresses.RECONCILE, message -> BusCalls.reply(message,
      () -> runs.reconcile(daemonId(message.body()), ids(message.body(), "runningTaskIds")))));
    consumers.add(bus.localConsumer(DaemonsAddresses.RECONCILE_HEARTBEAT, message -> BusCalls.reply(message,
      () -> runs.heartbeat(daemonId(message.body()), ids(message.body(), "runningTaskIds"),
        ids(message.body(), "suspectTaskIds")))));

    return consumers;
  }

  /**
   * A restart, or the death of the node that held a daemon's socket, is silence like any other: the daemon gets
   * the silence timeout from its last heartbeat to reconnect, to any node, and reclaim its tasks (their agents keep
   * working, their tool keys stay valid); tasks whose daemon has not come back by then are retried elsewhere. Every
   * node sweeps: the interruption is one guarded statement, so a task is retried once however many nodes sweep.
   */
  private void retryOrphans(TaskRuns runs) {
    runs.interruptOrphans(context.config().daemons().timeoutMs())
      .onSuccess(orphans -> {
        if (orphans > 0) {
          log.info("Retrying {} tasks whose daemon did not come back in time", orphans);
        }
      })
      .onFailure(failure -> log.error("Tasks of daemons that are gone not retried", failure));
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private static List<UUID> ids(JsonObject body, String key) {
    return body.getJsonArray(key).stream().map(id -> UUID.fromString((String) id)).toList();
  }

  private static UUID daemonId(JsonObject body) {
    return UUID.fromString(body.getString("daemonId"));
  }
}
