package io.meshhub.directives;

import io.meshhub.events.OwnerEvents;
import io.meshhub.scheduler.NewTask;
import io.meshhub.scheduler.SchedulerAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs a directive's chain. Only events move it: a step's contract or supervisor task completing (either path, once),
 * a monitor reporting its verdict, a planner finishing without a plan. After every step change the chain advances:
 * all passed completes the directive, a failed step fails it, and every pending step whose dependencies passed is
 * dispatched, independent steps in parallel. The engine never polls.
 */
final class DirectiveEngine {

  private static final int STEP_PRIORITY = 5;
  private static final int EVALUATOR_PRIORITY = 8;
  private static final Set<String> SUCCESS = Set.of("done", "merged");

  private final DirectiveRepository directives;
  private final StepRepository steps;
  private final ContractRepository contracts;
  private final FileRepository files;
  private final DirectiveEvents events;
  private final EventBus bus;
  private final DirectiveQueue queue = new DirectiveQueue();
  private final PlanningOutcome planning;

  DirectiveEngine(Pool pool, DirectiveEvents events, DirectiveLifecycle lifecycle, EventBus bus) {
    this.directives = new DirectiveRepository(pool);
    this.steps = new StepRepository(pool);
    this.contracts = new ContractRepository(pool);
    this.files = new FileRepository(pool);
    this.events = events;
    this.bus = bus;
    this.planning = new PlanningOutcome(directives, contracts, events, lifecycle);
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
    boolean succeeded = SUCCESS.contains(task.getString("status"));
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
  <T> Future<T> queued(UUID directiveId, java.util.function.Supplier<Future<T>> change) {
    return queue.run(directiveId, change);
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
      return steps.ofChain(directive.currentChainId()).compose(chain -> {
        if (chain.stream().allMatch(step -> "passed".equals(step.status()))) {
          return settle(directive, "completed", DirectiveStatus.COMPLETED, "directive_completed", "info");
        }
        if (chain.stream().anyMatch(step -> "failed".equals(step.status()))) {
          return settle(directive, "failed", DirectiveStatus.FAILED, "directive_failed", "error");
        }
        Set<UUID> passed = chain.stream().filter(step -> "passed".equals(step.status()))
          .map(StepRepository.Step::id).collect(Collectors.toSet());
        List<Future<Void>> dispatched = chain.stream()
          .filter(step -> "pending".equals(step.status()) && passed.containsAll(step.dependsOn()))
          .map(step -> dispatch(directive, step)).toList();
        return Future.join(dispatched).mapEmpty();
      });
    });
  }

  private Future<Void> settle(Directive directive, String chainStatus, DirectiveStatus status, String eventType,
                              String severity) {
    return steps.settleChain(directive.currentChainId(), chainStatus).compose(settled -> !settled
      ? Future.succeededFuture()
      : directives.move(directive.ownerId(), directive.id(), List.of(DirectiveStatus.ACTIVE, DirectiveStatus.PAUSED),
          status)
        .compose(moved -> moved.isEmpty() ? Future.succeededFuture() : write(moved.get(), new DirectiveEvents.Entry(
          eventType, severity, new JsonObject(), "system", null, directive.currentChainId(), null))));
  }

  /**
   * Runs the step as its own contract with a supervisor task whose plan is the step's, prefixed on a rework by the
   * attempt number and the last evaluation's feedback and instructions.
   */
  private Future<Void> dispatch(Directive directive, StepRepository.Step pending) {
    return steps.startAttempt(pending.id()).compose(started -> {
      if (started.isEmpty()) {
        return Future.succeededFuture();
      }
      StepRepository.Step step = started.get();
      boolean local = location(directive) == null;
      JsonObject contract = new JsonObject().put("name", step.name()).put("autonomousLoop", true)
        .put("localOnly", local).put("autoMergeLocal", local).put("directiveId", directive.id().toString())
        .put("repositories", repositories(directive));
      return reworkBlock(step).compose(block -> contracts.insert(new NewContract(directive.ownerId(), contract))
        .compose(created -> createTask(new NewTask(directive.ownerId(), step.name(), block + step.taskPlan(),
            STEP_PRIORITY, location(directive), directive.baseBranch(), null, created.id(), null, null, true, null,
            null, null, directive.id()).ofStep(step.id()))
          .compose(taskId -> contracts.setSupervisorTask(created.id(), taskId)
            .compose(withTask -> steps.linkWork(step.id(), created.id(), taskId)))))
        .compose(linked -> stepEvent(directive, linked, "step_dispatched", "info",
          new JsonObject().put("attempt", linked.reworkCount() + 1)));
    });
  }

  private Future<String> reworkBlock(StepRepository.Step step) {
    if (step.reworkCount() == 0 || step.lastEvaluationId() == null) {
      return Future.succeededFuture("");
    }
    return steps.evaluation(step.lastEvaluationId()).map(evaluation -> evaluation.map(last -> """
      ## Rework: attempt %d
      The evaluator did not pass the previous attempt.
      Feedback: %s
      Rework instructions: %s

      """.formatted(step.reworkCount() + 1, last.getString("summaryFeedback"),
      last.getString("reworkInstructions"))).orElse(""));
  }

  /** The step's contract (or its supervisor task) completed: a success is evaluated, a failure fails the step. */
  Future<Void> workFinished(StepRepository.Step step, boolean succeeded) {
    if (!succeeded) {
      return steps.settle(step.id(), "failed", null, null, null, List.of("running")).compose(failed -> failed.isEmpty()
        ? Future.succeededFuture()
        : directiveOf(failed.get()).compose(directive -> stepEvent(directive, failed.get(), "step_failed", "error",
            new JsonObject().put("reason", "its supervisor task failed"))
          .compose(logged -> advance(directive.ownerId(), directive.id()))));
    }
    return steps.startEvaluation(step.id(), List.of("running")).compose(evaluating -> evaluating.isEmpty()
      ? Future.succeededFuture()
      : directiveOf(evaluating.get()).compose(directive -> stepEvent(directive, evaluating.get(), "step_evaluating",
          "info", new JsonObject()).compose(logged -> dispatchMonitor(directive, evaluating.get()))));
  }

  /** An evaluating step whose monitor was never made (the hub stopped in between) gets one. */
  Future<Void> dispatchMonitorOf(StepRepository.Step step) {
    return directiveOf(step).compose(directive -> dispatchMonitor(directive, step));
  }

  /** A monitoring contract and an evaluator task that writes its verdict as the file evaluation-result. */
  Future<Void> dispatchMonitor(Directive directive, StepRepository.Step step) {
    JsonObject contract = new JsonObject().put("name", step.name() + " - Monitor").put("contractType", "monitoring")
      .put("localOnly", true).put("directiveId", directive.id().toString());
    return contracts.insert(new NewContract(directive.ownerId(), contract)).compose(monitor ->
      createTask(new NewTask(directive.ownerId(), step.name() + " - Evaluator",
          EvaluationPrompt.of(directive, step, monitor.id().toString()), EVALUATOR_PRIORITY, null, null, null,
          monitor.id(), null, null, false, null, null, null, directive.id()).ofStep(step.id()))
        .compose(taskId -> steps.linkMonitor(step.id(), monitor.id(), taskId))
        .compose(linked -> stepEvent(directive, linked, "monitor_dispatched", "info",
          new JsonObject().put("monitoringContractId", monitor.id().toString()))));
  }

  /**
   * The monitor finished: its verdict passes the step, or reworks it within the budget, or fails it. No readable
   * verdict, or a failed evaluator, fails open: the step passes with a warning.
   */
  Future<Void> monitorFinished(StepRepository.Step step, boolean evaluatorFailed) {
    return directiveOf(step).compose(directive -> {
      if (evaluatorFailed) {
        return failOpen(directive, step, "monitoring_failed_open");
      }
      return files.list(step.ownerId(), step.monitoringContractId()).compose(list -> EvaluationParser.parse(list)
        .map(verdict -> judge(directive, step, verdict))
        .orElseGet(() -> failOpen(directive, step, "monitoring_parse_failed_open")));
    });
  }

  private Future<Void> judge(Directive directive, StepRepository.Step step, JsonObject verdict) {
    boolean passed = verdict.getBoolean("passed", false);
    Double score = StepRepository.number(verdict, "overallScore");
    String confidence = verdict.getString("confidenceLevel");
    JsonObject figures = new JsonObject().put("passed", passed).put("overallScore", score)
      .put("confidenceLevel", confidence).put("reworkCount", step.reworkCount());
    return steps.addEvaluation(step, verdict).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture();
      }
      UUID evaluationId = stored.get();
      if (passed) {
        return steps.settle(step.id(), "passed", score, confidence, evaluationId, List.of("evaluating"))
          .compose(moved -> afterStep(directive, moved, "step_evaluation_passed", "info", figures));
      }
      if (step.reworkCount() < directive.maxReworkCycles()) {
        return steps.rework(step.id(), score, confidence, evaluationId)
          .compose(moved -> afterStep(directive, moved, "step_evaluation_failed", "warn", figures.copy()
            .put("rework", true)));
      }
      return steps.settle(step.id(), "failed", score, confidence, evaluationId, List.of("evaluating"))
        .compose(moved -> afterStep(directive, moved, "step_evaluation_failed", "error", figures.copy()
          .put("rework", false).put("reason", "rework budget of " + directive.maxReworkCycles() + " used")));
    });
  }

  private Future<Void> failOpen(Directive directive, StepRepository.Step step, String eventType) {
    return steps.settle(step.id(), "passed", null, null, null, List.of("evaluating"))
      .compose(moved -> afterStep(directive, moved, eventType, "warn", new JsonObject()));
  }

  private Future<Void> afterStep(Directive directive, Optional<StepRepository.Step> moved,
                                 String eventType, String severity, JsonObject data) {
    return moved.isEmpty() ? Future.succeededFuture() : stepEvent(directive, moved.get(), eventType, severity, data)
      .compose(logged -> advance(directive.ownerId(), directive.id()));
  }

  private Future<UUID> createTask(NewTask task) {
    return bus.<JsonObject>request(SchedulerAddresses.CREATE, task.toJson())
      .map(reply -> UUID.fromString(reply.body().getString("id")));
  }

  private Future<Directive> directiveOf(StepRepository.Step step) {
    return directives.find(step.ownerId(), step.directiveId()).map(found -> found.orElseThrow());
  }

  private Future<Void> write(Directive directive, DirectiveEvents.Entry entry) {
    return events.record(directive, entry);
  }

  private Future<Void> stepEvent(Directive directive, StepRepository.Step step, String eventType, String severity,
                                 JsonObject data) {
    OwnerEvents.publish(bus, directive.ownerId(), "stepUpdated", new JsonObject()
      .put("directiveId", directive.id().toString()).put("stepId", step.id().toString())
      .put("status", step.status()).put("eventType", eventType));
    return write(directive, new DirectiveEvents.Entry(eventType, severity, data.put("step", step.name()), "system",
      null, step.chainId(), step.id()));
  }

  private static String location(Directive directive) {
    return directive.repositoryUrl() != null ? directive.repositoryUrl() : directive.localPath();
  }

  private static JsonArray repositories(Directive directive) {
    return location(directive) == null ? new JsonArray() : new JsonArray().add(new JsonObject()
      .put("name", "directive").put("repositoryUrl", directive.repositoryUrl())
      .put("localPath", directive.localPath()).put("isPrimary", true));
  }
}
