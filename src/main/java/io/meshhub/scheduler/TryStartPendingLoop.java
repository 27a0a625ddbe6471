package io.meshhub.scheduler;

import io.meshhub.auth.ApiKeys;
import io.meshhub.core.HubMetrics;
import io.meshhub.daemons.DaemonCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler's one loop: take waiting work in priority order and start each task on a daemon of its owner
 * that has a free slot and has not failed it. It runs when kicked (a task created, a daemon registered, a slot
 * freed) and on a safety sweep; runs never overlap, and kicks during a run coalesce into one more run.
 */
final class TryStartPendingLoop {

  private static final Logger log = LoggerFactory.getLogger(TryStartPendingLoop.class);
  /** The most tasks one run starts; a full run is followed by another at once. */
  private static final int MAX_STARTS_PER_RUN = 500;
  /**
   * When a run could not assign some of the starts it planned (their rows were locked by another transaction — a
   * link to a task just made, another node's run — or changed meanwhile), the loop runs again this soon: nothing
   * else would announce that those tasks can be taken now.
   */
  static final long SKIPPED_RETRY_MS = 20;

  private final Vertx vertx;
  private final DispatchRepository dispatch;
  private final TaskUpdates updates;
  private final long sweepMs;
  private final long retryCooldownMs;
  private final long unreachableForMs;
  private final String hubUrl;
  private final SchedulerMeters meters;
  /** Daemons whose session did not take a spawn: skipped until they register again or the silence timeout. */
  private final Map<UUID, Long> unreachableUntil = new HashMap<>();

  private boolean running;
  private boolean kickedWhileRunning;
  private boolean startsSkipped;
  private long sweepTimer = -1;

  TryStartPendingLoop(Vertx vertx, DispatchRepository dispatch, TaskUpdates updates, long sweepMs,
                      long retryCooldownMs, long unreachableForMs, String hubUrl) {
    this.vertx = vertx;
    this.dispatch = dispatch;
    this.updates = updates;
    this.sweepMs = sweepMs;
    this.retryCooldownMs = retryCooldownMs;
    this.unreachableForMs = unreachableForMs;
    this.hubUrl = hubUrl;
    this.meters = new SchedulerMeters(HubMetrics.of(vertx).registry());
  }

  /** The scheduler's meters, whose database gauges the verticle refreshes at each scrape. */
  SchedulerMeters meters() {
    return meters;
  }

  /** Runs the loop now, or once more right after the run in progress. */
  void kick() {
    if (running) {
      kickedWhileRunning = true;
      return;
    }
    running = true;
    kickedWhileRunning = false;
    meters.run(this::tryStartPendingTasks)
      .onFailure(failure -> log.error("A run of the try-start-pending loop failed", failure))
      .onComplete(done -> {
        running = false;
        boolean full = done.succeeded() && done.result() >= MAX_STARTS_PER_RUN;
        if (kickedWhileRunning || full) {
          kick();
        } else if (startsSkipped) {
          startsSkipped = false;
          vertx.setTimer(SKIPPED_RETRY_MS, timer -> kick());
        } else {
          armSweep();
        }
      });
  }

  /**
   * Tasks were taken off a lost daemon: once their cooldown has passed that daemon may take them again, which no
   * other event announces, so the loop runs then.
   */
  void kickAfterRetryCooldown() {
    vertx.setTimer(retryCooldownMs + 1, timer -> kick());
  }

  /** A daemon registered: whatever made it unreachable is over. */
  void daemonRegistered(UUID daemonId) {
    unreachableUntil.remove(daemonId);
  }

  void stop() {
    vertx.cancelTimer(sweepTimer);
  }

  private void armSweep() {
    vertx.cancelTimer(sweepTimer);
    sweepTimer = vertx.setTimer(sweepMs, timer -> kick());
  }

  /** One run: returns how many tasks it started. */
  private Future<Integer> tryStartPendingTasks() {
    long now = System.currentTimeMillis();
    unreachableUntil.values().removeIf(until -> until <= now);
    return dispatch.candidates(MAX_STARTS_PER_RUN, retryCooldownMs).compose(candidates -> {
      List<DispatchRepository.FreeDaemon> usable = candidates.daemons().stream()
        .filter(daemon -> !unreachableUntil.containsKey(daemon.id())).toList();
      return usable.isEmpty() ? Future.succeededFuture(0) : startAll(DispatchPlan.plan(usable, candidates.tasks()));
    });
  }

  /**
   * Assigns the planned starts in one statement, then sends each assigned task its {@code spawnTask}. The run ends
   * with the assignment: each spawn goes its own way, so that a session slow to take one (a daemon whose node just
   * died holds it for the delivery timeout) never holds up the next run.
   */
  private Future<Integer> startAll(List<DispatchPlan.Start> starts) {
    if (starts.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Map<UUID, String> toolKeys = new HashMap<>();
    List<DispatchRepository.PlannedStart> planned = starts.stream().map(start -> {
      String toolKey = ApiKeys.newToolKey();
      toolKeys.put(start.task().id(), toolKey);
      return new DispatchRepository.PlannedStart(start.task(), start.daemonId(), ApiKeys.hash(toolKey));
    }).toList();
    return dispatch.assign(planned).compose(assigned -> {
      if (assigned.size() < planned.size()) {
        log.debug("{} of {} planned starts were not assigned (rows locked or changed); the loop runs again shortly",
          planned.size() - assigned.size(), planned.size());
        startsSkipped = true;
      }
      assigned.forEach(assignment -> spawn(assignment, toolKeys.get(assignment.task().id())));
      return Future.succeededFuture(assigned.size());
    });
  }

  /**
   * Starts one task now, on the daemon of its owner with the most free slots (one that has not lost it, if there is
   * one): an owner's resume of a supervisor. Completes with the daemon when the task was assigned and its spawn
   * delivered; empty when no daemon was free or another start took the task first.
   */
  Future<Optional<UUID>> startNow(Task task) {
    DispatchRepository.WaitingTask waiting = new DispatchRepository.WaitingTask(task.id(), task.ownerId(),
      task.version(), task.failedDaemonIds(), true);
    return dispatch.freeDaemonsOf(task.ownerId()).compose(daemons -> {
      List<DispatchPlan.Start> start = DispatchPlan.plan(daemons.stream()
        .filter(daemon -> !unreachableUntil.containsKey(daemon.id())).toList(), List.of(waiting));
      return startAll(start).map(started -> started == 1 ? Optional.of(start.get(0).daemonId()) : Optional.empty());
    });
  }

  /**
   * Sends {@code spawnTask}; a spawn that cannot be delivered puts the task back to pending. A supervisor that ran
   * before is announced once its spawn was delivered, for its restoration on the new daemon; so is a work task of a
   * contract with a red team, whose first start gives the contract its monitor.
   */
  private void spawn(Assignment assignment, String toolKey) {
    Task task = assignment.task();
    updates.changed(task, List.of("status", "daemonId"), TaskUpdates.BY_SCHEDULER);
    DaemonCommands.send(vertx.eventBus(), task.daemonId(), SpawnCommand.of(assignment, toolKey, hubUrl),
        DaemonCommands.DELIVERY_TIMEOUT_MS)
      .onSuccess(delivered -> {
        meters.delivered(task);
        assignment.restoration().ifPresent(source -> vertx.eventBus().publish(SchedulerAddresses.SUPERVISOR_RESTARTED,
          new SupervisorRestarted(task.id(), task.ownerId(), task.contractId(), task.daemonId(), source).toJson()));
        if (assignment.isRedTeamWatched()) {
          vertx.eventBus().publish(SchedulerAddresses.RED_TEAM_WORK_STARTED, new TaskRef(task.ownerId(), task.id())
            .toJson().put("contractId", task.contractId().toString()));
        }
      })
      .onFailure(failure -> undeliverable(task, task.daemonId(), failure));
  }

  /**
   * The daemon is skipped for a while and the task goes back to pending; the loop runs again at once, so that the
   * task goes to the next daemon now rather than at the next kick.
   */
  private void undeliverable(Task task, UUID daemonId, Throwable failure) {
    log.atWarn().addKeyValue("taskId", task.id()).addKeyValue("daemonId", daemonId)
      .addKeyValue("ownerId", task.ownerId())
      .log("spawnTask for task {} did not reach daemon {}: {}", task.id(), daemonId, failure.getMessage());
    unreachableUntil.put(daemonId, System.currentTimeMillis() + unreachableForMs);
    dispatch.unassign(task.id(), daemonId, "spawn not delivered to daemon " + daemonId)
      .onSuccess(rolledBack -> rolledBack.ifPresent(pending -> updates.changed(pending, List.of("status", "daemonId"),
        TaskUpdates.BY_SCHEDULER)))
      .onFailure(unassigning -> log.error("Task {} not put back after its spawn failed", task.id(), unassigning))
      .onComplete(done -> kick());
  }
}
