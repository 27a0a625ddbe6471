package io.meshhub.directives;

import io.meshhub.scheduler.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-derives directives from their tasks and contracts, for whatever no event will announce any more: a hub
 * killed between a task's end and the engine hearing of it, or between creating a step's task and linking it.
 * Runs when the engine starts and then on a sweep; every move it makes is guarded like the events' own, so a pass
 * that finds nothing to do changes nothing.
 */
final class DirectiveReconciler {

  private static final Logger log = LoggerFactory.getLogger(DirectiveReconciler.class);
  private static final String COMPLETED = "completed";

  /** How long a start may be under way before a planning directive without its planning contract is repaired. */
  static final long START_GRACE_MS = 30_000;

  private final StepRepository steps;
  private final DirectiveRepository directives;
  private final ContractRepository contracts;
  private final DirectiveLifecycle lifecycle;
  private final DirectiveEvents events;
  private final DirectiveEngine engine;

  DirectiveReconciler(StepRepository steps, DirectiveRepository directives, ContractRepository contracts,
                      DirectiveLifecycle lifecycle, DirectiveEvents events, DirectiveEngine engine) {
    this.steps = steps;
    this.directives = directives;
    this.contracts = contracts;
    this.lifecycle = lifecycle;
    this.events = events;
    this.engine = engine;
  }

  /** One pass: directives whose start stopped half way, then every directive whose chain may move. */
  Future<Void> reconcileAll() {
    return directives.strandedPlanning(START_GRACE_MS)
      .compose(stranded -> Future.join(stranded.stream()
        .map(start -> engine.queued(start.directiveId(), () -> finishStart(start))
          .onFailure(failure -> log.error("Start of directive {} not repaired", start.directiveId(), failure)))
        .toList()))
      .compose(repaired -> steps.movableDirectives())
      .compose(movable -> Future.join(movable.stream()
        .map(directive -> engine.queued(directive[0], () -> reconcile(directive[1], directive[0]))
          .onFailure(failure -> log.error("Directive {} not reconciled", directive[0], failure)))
        .toList()))
      .mapEmpty();
  }

  /**
   * A start whose planner was made gets it linked; one whose planner was never made gets it now; one from before
   * the planning contract was committed with the move (no contract at all) is undone (back to draft) and made again.
   */
  private Future<Void> finishStart(DirectiveRepository.StrandedPlanning start) {
    if (start.contractId() == null) {
      return directives.move(start.ownerId(), start.directiveId(), List.of(DirectiveStatus.PLANNING),
          DirectiveStatus.DRAFT)
        .compose(draft -> draft.isEmpty() ? Future.succeededFuture()
          : lifecycle.start(start.ownerId(), start.directiveId()).mapEmpty());
    }
    return directives.find(start.ownerId(), start.directiveId()).map(Optional::orElseThrow)
      .compose(directive -> (start.plannerId() != null
          ? contracts.setSupervisorTask(start.contractId(), start.plannerId()).map(start.plannerId())
          : lifecycle.spawnPlanner(directive))
        .compose(plannerId -> events.record(directive, DirectiveEvents.Entry.info("directive_start_completed",
          new JsonObject().put("planningContractId", start.contractId().toString())
            .put("plannerTaskId", plannerId.toString()), "system", null))));
  }

  /** Each step in flight catches up with its work and its monitor; then the chain advances. */
  private Future<Void> reconcile(UUID ownerId, UUID directiveId) {
    return steps.inFlight(directiveId)
      .compose(inFlight -> Future.join(inFlight.stream().map(this::catchUp).toList()))
      .compose(caughtUp -> engine.advanceNow(ownerId, directiveId));
  }

  private Future<Void> catchUp(StepRepository.InFlight step) {
    return step.step().status() == StepStatus.RUNNING ? work(step) : monitor(step);
  }

  /**
   * A running step: its work ended (task or contract), or its attempt's task was made and never linked, or never
   * made at all (it is made now, for the attempt's contract).
   */
  private Future<Void> work(StepRepository.InFlight inFlight) {
    StepRepository.Step step = inFlight.step();
    if (step.taskId() == null) {
      return steps.newestTaskOf(step.id(), true).compose(found -> {
        if (found.isPresent()) {
          // A step left by an older hub may miss the link to its contract too.
          Future<StepRepository.Step> withContract = step.contractId() != null ? Future.succeededFuture(step)
            : steps.linkContract(step.id(), found.get()[1]);
          return withContract.compose(linked -> engine.launcher().linkWork(linked, found.get()[0])).mapEmpty();
        }
        return step.contractId() == null
          ? steps.move(step.id(), List.of(StepStatus.RUNNING), StepStatus.PENDING).mapEmpty()
          : directives.ofStep(step).compose(directive -> engine.launcher().spawnWork(directive, step));
      });
    }
    if (COMPLETED.equals(inFlight.contractStatus()) || succeeded(inFlight.taskStatus())) {
      return engine.workFinished(step, true);
    }
    return failed(inFlight.taskStatus()) ? engine.workFinished(step, false) : Future.succeededFuture();
  }

  /** An evaluating step: its monitor gave its verdict, or was made and never linked, or never made. */
  private Future<Void> monitor(StepRepository.InFlight inFlight) {
    StepRepository.Step step = inFlight.step();
    if (step.monitoringTaskId() == null) {
      return steps.newestTaskOf(step.id(), false).compose(found -> found.isPresent()
        ? steps.linkMonitorTask(step.id(), found.get()[1], found.get()[0]).mapEmpty()
        : directives.ofStep(step).compose(directive -> step.monitoringContractId() == null
          ? engine.launcher().monitorAnew(directive, step) : engine.launcher().spawnMonitor(directive, step)));
    }
    boolean contractDone = COMPLETED.equals(inFlight.monitorContractStatus());
    if (contractDone || succeeded(inFlight.monitorTaskStatus())) {
      return engine.monitorFinished(step, false);
    }
    return failed(inFlight.monitorTaskStatus()) ? engine.monitorFinished(step, true)
      : Future.succeededFuture();
  }

  /** A task status read beside a step (null when the step has no task). */
  private static boolean succeeded(String taskStatus) {
    return taskStatus != null && TaskStatus.fromWire(taskStatus).succeeded();
  }

  /** Failed or cancelled: ended without its work done. */
  private static boolean failed(String taskStatus) {
    return taskStatus != null && TaskStatus.fromWire(taskStatus).isFinal() && !TaskStatus.fromWire(taskStatus)
      .succeeded();
  }
}
