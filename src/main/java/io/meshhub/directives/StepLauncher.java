package io.meshhub.directives;

import io.meshhub.scheduler.NewTask;
import io.meshhub.scheduler.SchedulerAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts a step's work and its monitor. Each start is one transaction — the step's move and the contract that will
 * do the work, linked to it — after which the scheduler makes the contract's task (the transaction's outbox, so to
 * speak) and a second transaction links it. A crash in between leaves a step with its contract and no task: the
 * reconciler hands it back here ({@link #spawnWork}, {@link #spawnMonitor}), and nothing is started twice.
 */
final class StepLauncher {

  private static final int STEP_PRIORITY = 5;
  private static final int EVALUATOR_PRIORITY = 8;

  private final Pool pool;
  private final StepRepository steps;
  private final ContractRepository contracts;
  private final DirectiveEvents events;
  private final EventBus bus;

  StepLauncher(Pool pool, StepRepository steps, ContractRepository contracts, DirectiveEvents events, EventBus bus) {
    this.pool = pool;
    this.steps = steps;
    this.contracts = contracts;
    this.events = events;
    this.bus = bus;
  }

  /**
   * Runs the step as its own contract with a supervisor task whose plan is the step's, prefixed on a rework by the
   * attempt number and the last evaluation's feedback and instructions.
   */
  Future<Void> dispatch(Directive directive, StepRepository.Step pending) {
    return pool.withTransaction(conn -> steps.startAttempt(conn, pending.id()).compose(started -> started.isEmpty()
        ? Future.succeededFuture(Optional.<StepRepository.Step>empty())
        : contracts.insert(conn, NewContract.ofStep(directive.ownerId(), started.get().name(), directive.id(),
            directive.repositories()))
          .compose(contract -> steps.linkContract(conn, pending.id(), contract.id())).map(Optional::of)))
      .compose(started -> started.isEmpty() ? Future.succeededFuture() : spawnWork(directive, started.get()));
  }

  /** The supervisor task of the step's current attempt, made by the scheduler and linked to the step. */
  Future<Void> spawnWork(Directive directive, StepRepository.Step step) {
    return reworkBlock(step)
      .compose(block -> createTask(new NewTask(directive.ownerId(), step.name(), block + step.taskPlan(),
        STEP_PRIORITY, directive.location(), directive.baseBranch(), null, step.contractId(), null, null, true, null,
        null, null, directive.id()).ofStep(step.id())))
      .compose(taskId -> linkWork(step, taskId))
      .compose(linked -> linked.isEmpty() ? Future.succeededFuture() : events.stepChanged(directive, linked.get(),
        "step_dispatched", "info", new JsonObject().put("attempt", linked.get().reworkCount() + 1)));
  }

  /** The step's task and its contract's supervisor are linked together, in one transaction. */
  Future<Optional<StepRepository.Step>> linkWork(StepRepository.Step step, UUID taskId) {
    return pool.withTransaction(conn -> contracts.setSupervisorTask(conn, step.contractId(), taskId)
      .compose(contract -> steps.linkTask(conn, step.id(), step.contractId(), taskId)));
  }

  /**
   * Moves the step to evaluating from one of {@code from} together with its new monitoring contract; empty when it
   * was in none of them. The evaluator is {@link #spawnMonitor}'s.
   */
  Future<Optional<StepRepository.Step>> startEvaluation(Directive directive, StepRepository.Step step,
                                                        List<StepStatus> from) {
    return pool.withTransaction(conn -> steps.startEvaluation(conn, step.id(), from).compose(evaluating ->
      evaluating.isEmpty() ? Future.succeededFuture(Optional.<StepRepository.Step>empty())
        : withMonitorContract(conn, directive, evaluating.get()).map(Optional::of)));
  }

  /** An evaluating step with no monitoring contract (left by a hub from before monitors were committed with it). */
  Future<Void> monitorAnew(Directive directive, StepRepository.Step step) {
    return pool.withTransaction(conn -> withMonitorContract(conn, directive, step))
      .compose(monitored -> spawnMonitor(directive, monitored));
  }

  /** The evaluator of the step's monitoring contract, made by the scheduler and linked to the step. */
  Future<Void> spawnMonitor(Directive directive, StepRepository.Step step) {
    UUID monitorId = step.monitoringContractId();
    return createTask(new NewTask(directive.ownerId(), step.name() + " - Evaluator",
        EvaluationPrompt.of(directive, step, monitorId.toString()), EVALUATOR_PRIORITY, null, null, null,
        monitorId, null, null, false, null, null, null, directive.id()).ofStep(step.id()))
      .compose(taskId -> steps.linkMonitorTask(step.id(), monitorId, taskId))
      .compose(linked -> linked.isEmpty() ? Future.succeededFuture() : events.stepChanged(directive, linked.get(),
        "monitor_dispatched", "info", new JsonObject().put("monitoringContractId", monitorId.toString())));
  }

  private Future<StepRepository.Step> withMonitorContract(SqlClient conn, Directive directive,
                                                          StepRepository.Step step) {
    return contracts.insert(conn, NewContract.monitorOf(directive.ownerId(), step.name(), directive.id()))
      .compose(monitor -> steps.linkMonitorContract(conn, step.id(), monitor.id()));
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

  private Future<UUID> createTask(NewTask task) {
    return bus.<JsonObject>request(SchedulerAddresses.CREATE, task.toJson())
      .map(reply -> UUID.fromString(reply.body().getString("id")));
  }
}
