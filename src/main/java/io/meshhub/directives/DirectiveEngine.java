package io.meshhub.directives;

import io.meshhub.scheduler.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs a directive's chain. Only events move it: a step's contract or supervisor task completing (either path, once),
 * a monitor reporting its verdict, a planner finishing without a plan. After every step change the chain advances:
 * all passed completes the directive, a failed step fails it, and every pending step whose dependencies passed is
 * dispatched, independent steps in parallel. The engine never polls.
 */
final class DirectiveEngine {

  private static final List<StepStatus> RUNNING = List.of(StepStatus.RUNNING);
  private static final List<StepStatus> EVALUATING = List.of(StepStatus.EVALUATING);

  private final Pool pool;
  private final DirectiveRepository directives;
  private final StepRepository steps;
  private final ContractRepository contracts;
  private final FileRepository files;
  private final DirectiveEvents events;
  private final DirectiveQueue queue = new DirectiveQueue();
  private final PlanningOutcome planning;
  private final StepLauncher launcher;

  DirectiveEngine(Pool pool, DirectiveEvents events, DirectiveLifecycle lifecycle, EventBus bus) {
    this.pool = pool;
    this.directives = new DirectiveRepository(pool);
    this.steps = new StepRepository(pool);
    this.contracts = new ContractRepository(pool);
    this.files = new FileRepository(pool);
    this.events = events;
    this.planning = new PlanningOutcome(directives, contracts, events, lifecycle);
    this.launcher = new StepLauncher(pool, steps, contracts, events, bus);
  }

  /**
   * A task ended: its step's work, its step's monitor, or a planner. Tasks of no directive are none of ours, and
   * neither are the helpers a planner spawns: only the planning contract's supervisor task is the planner.
   */
  Future<Void> onTaskCompleted(JsonObject task) {
    if (task.getString("directiveId") == null) {
      return Future.succeededFuture();
    }
    UUID taskId = UUID.fromString(task.getString("id"));
    boolean succeeded = TaskStatus.fromWire(task.getString("status")).succeeded();
    return queue.run(UUID.fromString(task.getString("directiveId")), () -> steps.byWork(taskId).compose(step -> {
      if (step.isPresent() && taskId.equals(step.get().taskId())) {
        return workFinished(step.get(), succeeded);
      }
      if (step.isPresent() && taskId.equals(step.get().monitoringTaskId())) {
        return monitorFinished(step.get(), !succeeded);
      }
      String contractId = task.getString("contractId");
      return contractId == null ? Future.succeededFuture()
        : planning.plannerEnded(UUID.fromString(task.getString("ownerId")), UUID.fromString(contractId), taskId,
          succeeded);
    }));
  }

  /** A contract completed: a step's contract, a monitor's, or a planning contract. */
  Future<Void> onContractCompleted(JsonObject contract) {
    if (contract.getString("directiveId") == null) {
      return Future.succeededFuture();
    }
    UUID contractId = UUID.fromString(contract.getString("id"));
    return queue.run(UUID.fromString(contract.getString("directiveId")), () -> contractCompleted(contractId));
  }

  private Future<Void> contractCompleted(UUID contractId) {
    return steps.byWork(contractId).compose(step -> {
      if (step.isPresent() && contractId.equals(step.get().contractId())) {
        return workFinished(step.get(), true);
      }
      if (step.isPresent() && contractId.equals(step.get().monitoringContractId())) {
        return monitorFinished(step.get(), false);
      }
      return planning.planningContractCompleted(contractId);
    });
  }

  /** After a plan or a resume: the chain moves on, queued behind the directive's other changes. */
  Future<Void> advanceQueued(UUID ownerId, UUID directiveId) {
    return queue.run(directiveId, () -> advance(ownerId, directiveId));
  }

  /** Runs a change of the directive behind the ones queued before it (see {@link DirectiveQueue}). */
  <T> Future<T> queued(UUID directiveId, Supplier<Future<T>> change) {
    return queue.run(directiveId, change);
  }

  /** What starts steps' work and monitors, for the reconciler and the manual evaluation. */
  StepLauncher launcher() {
    return launcher;
  }

  /** Advances at once: for a caller that already runs in the directive's queue. */
  Future<Void> advanceNow(UUID ownerId, UUID directiveId) {
    return advance(ownerId, directiveId);
  }

  /** Completes, fails, or dispatches what the dependencies now allow. A paused directive dispatches nothing. */
  private Future<Void> advance(UUID ownerId, UUID directiveId) {
    return directives.find(ownerId, directiveId).compose(found -> {
      if (found.isEmpty() || found.get().status() != DirectiveStatus.ACTIVE || found.get().currentChainId() == null) {
        return Future.succeededFuture();
      }
      Directive directive = found.get();
      return steps.ofChain(directive.currentChainId()).map(ChainAdvance::of).compose(next -> switch (next.outcome()) {
        case COMPLETED -> settle(directive, ChainStatus.COMPLETED, DirectiveStatus.COMPLETED, "directive_completed",
          "info");
        case FAILED -> settle(directive, ChainStatus.FAILED, DirectiveStatus.FAILED, "directive_failed", "error");
        case RUNNING -> Future.join(next.ready().stream().map(step -> launcher.dispatch(directive, step)).toList())
          .<Void>mapEmpty();
      });
    });
  }

  private Future<Void> settle(Directive directive, ChainStatus chainStatus, DirectiveStatus status, String eventType,
                              String severity) {
    return steps.settleChain(directive.currentChainId(), chainStatus).compose(settled -> !settled
      ? Future.succeededFuture()
      : directives.move(directive.ownerId(), directive.id(), List.of(DirectiveStatus.ACTIVE, DirectiveStatus.PAUSED),
          status)
        .compose(moved -> moved.isEmpty() ? Future.succeededFuture() : events.record(moved.get(),
          new DirectiveEvents.Entry(eventType, severity, new JsonObject(), "system", null, directive.currentChainId(),
            null))));
  }

  /**
   * The step's contract (or its supervisor task) completed: a success is evaluated, a failure fails the step.
   */
  Future<Void> workFinished(StepRepository.Step step, boolean succeeded) {
    if (!succeeded) {
      return directives.ofStep(step).compose(directive -> steps.settle(pool, step.id(), StepStatus.FAILED, null,
          null, null, RUNNING)
        .compose(failed -> afterStep(directive, failed, "step_failed", "error",
          new JsonObject().put("reason", "its supervisor task failed"))));
    }
    return directives.ofStep(step).compose(directive -> launcher.startEvaluation(directive, step, RUNNING)
      .compose(evaluating -> evaluating.isEmpty() ? Future.succeededFuture()
        : events.stepChanged(directive, evaluating.get(), "step_evaluating", "info", new JsonObject())
          .compose(logged -> launcher.spawnMonitor(directive, evaluating.get()))));
  }

  /**
   * The monitor finished: its verdict passes the step, or reworks it within the budget, or fails it. No readable
   * verdict, or a failed evaluator, fails open: the step passes with a warning.
   */
  Future<Void> monitorFinished(StepRepository.Step step, boolean evaluatorFailed) {
    return directives.ofStep(step).compose(directive -> {
      if (evaluatorFailed) {
        return failOpen(directive, step, "monitoring_failed_open");
      }
      return files.list(step.ownerId(), step.monitoringContractId()).compose(list -> EvaluationParser.parse(list)
        .map(verdict -> judge(directive, step, Verdict.fromJson(verdict)))
        .orElseGet(() -> failOpen(directive, step, "monitoring_parse_failed_open")));
    });
  }

  /** Where a verdict takes the step, and what the audit log says of it. */
  private record Judgement(String eventType, String severity, JsonObject data,
                           BiFunction<SqlClient, UUID, Future<Optional<StepRepository.Step>>> move) {
  }

  /**
   * The verdict is stored and the step moved by it in one transaction. A verdict stored already still moves a step
   * that is evaluating (a hub from before this transaction may have stopped between the two); the move's guard
   * makes the second hearing of a verdict move nothing.
   */
  private Future<Void> judge(Directive directive, StepRepository.Step step, Verdict verdict) {
    Judgement judgement = judgement(directive, step, verdict);
    return pool.withTransaction(conn -> steps.storeEvaluation(conn, step, verdict)
        .compose(evaluationId -> judgement.move().apply(conn, evaluationId)))
      .compose(moved -> afterStep(directive, moved, judgement.eventType(), judgement.severity(), judgement.data()));
  }

  /** Passed passes the step; failed reworks it within the budget, or fails it. */
  private Judgement judgement(Directive directive, StepRepository.Step step, Verdict verdict) {
    Double score = verdict.overallScore();
    String confidence = verdict.confidenceLevel();
    JsonObject figures = verdict.figures(step.reworkCount());
    if (verdict.passed()) {
      return new Judgement("step_evaluation_passed", "info", figures, (conn, evaluationId) ->
        steps.settle(conn, step.id(), StepStatus.PASSED, score, confidence, evaluationId, EVALUATING));
    }
    if (step.reworkCount() < directive.maxReworkCycles()) {
      return new Judgement("step_evaluation_failed", "warn", figures.copy().put("rework", true),
        (conn, evaluationId) -> steps.rework(conn, step.id(), score, confidence, evaluationId));
    }
    return new Judgement("step_evaluation_failed", "error", figures.copy().put("rework", false)
      .put("reason", "rework budget of " + directive.maxReworkCycles() + " used"), (conn, evaluationId) ->
      steps.settle(conn, step.id(), StepStatus.FAILED, score, confidence, evaluationId, EVALUATING));
  }

  private Future<Void> failOpen(Directive directive, StepRepository.Step step, String eventType) {
    return steps.settle(pool, step.id(), StepStatus.PASSED, null, null, null, EVALUATING)
      .compose(moved -> afterStep(directive, moved, eventType, "warn", new JsonObject()));
  }

  private Future<Void> afterStep(Directive directive, Optional<StepRepository.Step> moved,
                                 String eventType, String severity, JsonObject data) {
    return moved.isEmpty() ? Future.succeededFuture()
      : events.stepChanged(directive, moved.get(), eventType, severity, data)
        .compose(logged -> advance(directive.ownerId(), directive.id()));
  }
}
