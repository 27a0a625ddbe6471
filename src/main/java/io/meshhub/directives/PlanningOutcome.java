package io.meshhub.directives;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * What the end of a directive's planning means: a planner that finished without a plan is started again while
 * regenerations are left, else the directive fails; a planner that failed fails it at once. Only the planning
 * contract's supervisor task is the planner — helpers it spawned end without any of this.
 */
final class PlanningOutcome {

  private final DirectiveRepository directives;
  private final ContractRepository contracts;
  private final DirectiveEvents events;
  private final DirectiveLifecycle lifecycle;

  PlanningOutcome(DirectiveRepository directives, ContractRepository contracts, DirectiveEvents events,
                  DirectiveLifecycle lifecycle) {
    this.directives = directives;
    this.contracts = contracts;
    this.events = events;
    this.lifecycle = lifecycle;
  }

  /** A task of a contract ended that is no step's work or monitor: it counts if it is a planning supervisor. */
  Future<Void> plannerEnded(UUID ownerId, UUID contractId, UUID taskId, boolean succeeded) {
    return contracts.find(ownerId, contractId).compose(contract -> contract.isPresent()
      && taskId.equals(contract.get().supervisorTaskId()) ? planningFinished(contractId, succeeded)
      : Future.succeededFuture());
  }

  /** A contract that is no step's work or monitor completed: it counts if it is a planning contract. */
  Future<Void> planningContractCompleted(UUID contractId) {
    return planningFinished(contractId, true);
  }

  /**
   * The planning contract completed, or its planner task ended, while the directive still plans without a chain:
   * plan again while regenerations are left, else the directive fails. A planner that failed fails it at once.
   * Events about a planning contract that is no longer the directive's (an earlier attempt) change nothing.
   */
  private Future<Void> planningFinished(UUID contractId, boolean plannerSucceeded) {
    return directives.byOrchestrator(contractId).compose(found -> {
      if (found.isEmpty() || found.get().status() != DirectiveStatus.PLANNING || found.get().currentChainId() != null) {
        return Future.succeededFuture();
      }
      Directive directive = found.get();
      if (plannerSucceeded && directive.chainGenerationCount() < directive.maxChainRegenerations()) {
        return directives.regenerate(directive.id()).compose(draft -> draft.isEmpty() ? Future.succeededFuture()
          : events.record(draft.get(), new DirectiveEvents.Entry("planning_retry", "warn", new JsonObject()
              .put("attempt", draft.get().chainGenerationCount()).put("max", directive.maxChainRegenerations()),
              "system", null, null, null))
            .compose(logged -> lifecycle.start(directive.ownerId(), directive.id()).mapEmpty()));
      }
      return directives.move(directive.ownerId(), directive.id(), List.of(DirectiveStatus.PLANNING),
          DirectiveStatus.FAILED)
        .compose(failed -> failed.isEmpty() ? Future.succeededFuture() : events.record(failed.get(), new DirectiveEvents
          .Entry("planning_failed", "error", new JsonObject().put("reason", plannerSucceeded
            ? "the planner finished without a plan " + (directive.chainGenerationCount() + 1) + " times"
            : "the planner task failed"), "system", null, null, null)));
    });
  }
}
