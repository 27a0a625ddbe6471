package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/** The owner's request to judge a step again, queued with the directive's other changes. */
final class ManualEvaluation {

  private final DirectiveRepository directives;
  private final StepRepository steps;
  private final DirectiveEvents events;
  private final DirectiveEngine engine;

  ManualEvaluation(DirectiveRepository directives, StepRepository steps, DirectiveEvents events,
                   DirectiveEngine engine) {
    this.directives = directives;
    this.steps = steps;
    this.events = events;
    this.engine = engine;
  }

  /**
   * The owner asks for the step to be judged again: it must be of the current chain and have run; it goes back to
   * evaluating and a new monitor is dispatched.
   */
  Future<JsonObject> evaluateAgain(UUID ownerId, UUID directiveId, UUID stepId) {
    return engine.queued(directiveId, () -> evaluateNow(ownerId, directiveId, stepId));
  }

  private Future<JsonObject> evaluateNow(UUID ownerId, UUID directiveId, UUID stepId) {
    return directives.find(ownerId, directiveId).compose(found -> {
      Directive directive = found.orElseThrow(() -> ApiException.notFound("directive"));
      return steps.find(ownerId, stepId).compose(candidate -> {
        StepRepository.Step step = candidate.filter(s -> s.chainId().equals(directive.currentChainId()))
          .orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_ERROR, "the step is not of the current chain"));
        if (step.contractId() == null) {
          throw new ApiException(ErrorCode.VALIDATION_ERROR, "step '" + step.name() + "' has not run yet");
        }
        return engine.launcher().startEvaluation(directive, step, List.of(StepStatus.RUNNING, StepStatus.PASSED,
          StepStatus.FAILED));
      }).compose(moved -> {
        StepRepository.Step step = moved.orElseThrow(() -> new ApiException(ErrorCode.INVALID_STATE,
          "the step is being evaluated already"));
        return events.record(directive, new DirectiveEvents.Entry("manual_evaluation_triggered", "info",
            new JsonObject().put("step", step.name()), "user", ownerId, step.chainId(), step.id()))
          .compose(logged -> engine.launcher().spawnMonitor(directive, step))
          .compose(dispatched -> steps.find(ownerId, stepId))
          .map(current -> new JsonObject().put("id", step.id().toString()).put("name", step.name())
            .put("status", current.map(StepRepository.Step::status).orElse(StepStatus.EVALUATING).wire()));
      });
    });
  }
}
