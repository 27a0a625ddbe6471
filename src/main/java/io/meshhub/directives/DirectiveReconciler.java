package io.meshhub.directives;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Re-derives directives from their tasks and contracts, for whatever no event will announce any more: a hub
 * killed between a task's end and the engine hearing of it, or between creating a step's task and linking it.
 * Runs when the engine starts and then on a sweep; every move it makes is guarded like the events' own, so a pass
 * that finds nothing to do changes nothing.
 */
final class DirectiveReconciler {

  private static final Logger log = LoggerFactory.getLogger(DirectiveReconciler.class);
  private static final Set<String> SUCCEEDED = Set.of("done", "merged");
  private static final Set<String> FAILED = Set.of("failed", "cancelled");
  private static final String COMPLETED = "completed";

  private final StepRepository steps;
  private final DirectiveEngine engine;

  DirectiveReconciler(StepRepository steps, DirectiveEngine engine) {
    this.steps = steps;
    this.engine = engine;
  }

  /** One pass over every directive whose chain may move. */
  Future<Void> reconcileAll() {
    return steps.movableDirectives().compose(directives -> Future.join(directives.stream()
        .map(directive -> engine.queued(directive[0], () -> reconcile(directive[1], directive[0]))
          .onFailure(failure -> log.error("Directive {} not reconciled", directive[0], failure)))
        .toList()))
      .mapEmpty();
  }

  /** Each step in flight catches up with its work and its monitor; then the chain advances. */
  private Future<Void> reconcile(UUID ownerId, UUID directiveId) {
    return steps.inFlight(directiveId)
      .compose(inFlight -> Future.join(inFlight.stream().map(this::catchUp).toList()))
      .compose(caughtUp -> engine.advanceNow(ownerId, directiveId));
  }

  private Future<Void> catchUp(StepRepository.InFlight step) {
    return "running".equals(step.step().status()) ? work(step) : monitor(step);
  }

  /** A running step: its work ended (task or contract), or its task was created but never linked, or never made. */
  private Future<Void> work(StepRepository.InFlight inFlight) {
    StepRepository.Step step = inFlight.step();
    if (step.taskId() == null) {
      return steps.newestTaskOf(step.id(), true).compose(found -> found.isPresent()
        ? steps.linkWork(step.id(), found.get()[1], found.get()[0]).mapEmpty()
        : steps.move(step.id(), List.of("running"), "pending").mapEmpty());
    }
    if (COMPLETED.equals(inFlight.contractStatus()) || SUCCEEDED.contains(inFlight.taskStatus())) {
      return engine.workFinished(step, true);
    }
    return FAILED.contains(inFlight.taskStatus()) ? engine.workFinished(step, false) : Future.succeededFuture();
  }

  /** An evaluating step: its monitor gave its verdict, or was created but never linked, or never made. */
  private Future<Void> monitor(StepRepository.InFlight inFlight) {
    StepRepository.Step step = inFlight.step();
    if (step.monitoringTaskId() == null) {
      return steps.newestTaskOf(step.id(), false).compose(found -> found.isPresent()
        ? steps.linkMonitor(step.id(), found.get()[1], found.get()[0]).mapEmpty()
        : engine.dispatchMonitorOf(step));
    }
    boolean contractDone = COMPLETED.equals(inFlight.monitorContractStatus());
    if (contractDone || SUCCEEDED.contains(inFlight.monitorTaskStatus())) {
      return engine.monitorFinished(step, false);
    }
    return FAILED.contains(inFlight.monitorTaskStatus()) ? engine.monitorFinished(step, true)
      : Future.succeededFuture();
  }
}
