package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.scheduler.NewTask;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A directive from draft to a submitted plan: created, edited (goal and criteria only as a draft), started (a
 * planning contract and its planner task), paused, resumed, archived, deleted, and given its chain of steps once
 * the whole plan is valid. Each transition writes a directive event.
 */
final class DirectiveLifecycle {

  private static final int PLANNER_PRIORITY = 10;
  private static final Set<String> GOAL_AND_CRITERIA = Set.of("goal", "requirements", "acceptanceCriteria",
    "constraints");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  private final DirectiveRepository directives;
  private final ChainRepository chains;
  private final ContractRepository contracts;
  private final Tasks tasks;
  private final DirectiveEvents events;
  private final EventBus bus;

  DirectiveLifecycle(Pool pool, DirectiveEvents events, EventBus bus) {
    this.pool = pool;
    this.directives = new DirectiveRepository(pool);
    this.chains = new ChainRepository(pool);
    this.contracts = new ContractRepository(pool);
    this.tasks = Tasks.of(pool);
    this.events = events;
    this.bus = bus;
  }

  Future<Directive> create(UUID ownerId, JsonObject body) {
    return directives.insert(ownerId, body)
      .compose(directive -> record(directive, DirectiveEvents.Entry.info("directive_created", new JsonObject(),
        "user", ownerId)));
  }

  Future<Directive> update(UUID ownerId, UUID directiveId, int version, JsonObject changes) {
    boolean goalOrCriteria = changes.fieldNames().stream().anyMatch(GOAL_AND_CRITERIA::contains);
    return directives.patch(ownerId, directiveId, version, changes, goalOrCriteria).compose(patched -> {
      if (patched.isPresent()) {
        return record(patched.get(), DirectiveEvents.Entry.info("directive_updated",
          new JsonObject().put("fields", new JsonArray(List.copyOf(changes.fieldNames()))), "user", ownerId));
      }
      return existing(ownerId, directiveId).map(directive -> {
        if (directive.status() == DirectiveStatus.ARCHIVED
          || goalOrCriteria && directive.status() != DirectiveStatus.DRAFT) {
          throw new ApiException(ErrorCode.INVALID_STATE, "directive is " + directive.status().wire()
            + "; its goal and criteria can be edited only as a draft");
        }
        throw new ApiException(ErrorCode.CONFLICT, "directive is at version " + directive.version() + ", not "
          + version);
      });
    });
  }

  Future<JsonObject> delete(UUID ownerId, UUID directiveId) {
    return directives.delete(ownerId, directiveId).compose(deleted -> deleted
      ? Future.succeededFuture(new JsonObject())
      : existing(ownerId, directiveId).map(directive -> {
        throw new ApiException(ErrorCode.INVALID_STATE, "directive is " + directive.status().wire()
          + "; only a draft or a finished directive can be deleted");
      }));
  }

  /** Nothing new is dispatched while paused; running work finishes. */
  Future<Directive> pause(UUID ownerId, UUID directiveId) {
    return move(ownerId, directiveId, List.of(DirectiveStatus.PLANNING, DirectiveStatus.ACTIVE),
      DirectiveStatus.PAUSED, "directive_paused");
  }

  /** Back to where it was: active with a chain, planning without. */
  Future<Directive> resume(UUID ownerId, UUID directiveId) {
    return existing(ownerId, directiveId).compose(directive -> move(ownerId, directiveId,
      List.of(DirectiveStatus.PAUSED), directive.currentChainId() != null ? DirectiveStatus.ACTIVE
        : DirectiveStatus.PLANNING, "directive_resumed"));
  }

  Future<Directive> archive(UUID ownerId, UUID directiveId) {
    return move(ownerId, directiveId, List.of(DirectiveStatus.DRAFT, DirectiveStatus.PLANNING,
      DirectiveStatus.ACTIVE, DirectiveStatus.PAUSED, DirectiveStatus.COMPLETED, DirectiveStatus.FAILED),
      DirectiveStatus.ARCHIVED, "directive_archived");
  }

  /**
   * Draft → planning: a local-only planning contract of the directive, and its planner task (a supervisor,
   * priority 10) whose plan is the planning prompt, scheduled at once. The move and the planning contract are one
   * transaction; the planner is made after it and linked to the contract (a start that a crash cut in between is
   * finished by the reconciler).
   */
  Future<Directive> start(UUID ownerId, UUID directiveId) {
    return pool.withTransaction(conn -> directives.move(conn, ownerId, directiveId, List.of(DirectiveStatus.DRAFT),
          DirectiveStatus.PLANNING)
        .compose(moved -> moved.isEmpty() ? Future.succeededFuture(Optional.<Directive>empty())
          : contracts.insert(conn, NewContract.planningOf(ownerId, moved.get().title(), directiveId,
              moved.get().repositories()))
            .compose(contract -> directives.setOrchestrator(conn, directiveId, contract.id())).map(Optional::of)))
      .compose(started -> started.isEmpty()
        ? existing(ownerId, directiveId).map(directive -> {
          throw new ApiException(ErrorCode.INVALID_STATE, "directive is " + directive.status().wire());
        })
        : spawnPlanner(started.get()).compose(plannerId -> record(started.get(), DirectiveEvents.Entry.info(
          "directive_started", new JsonObject().put("planningContractId", started.get().orchestratorContractId()
            .toString()).put("plannerTaskId", plannerId.toString()), "user", ownerId))));
  }

  /** The planner of the directive's planning contract, made by the scheduler and linked to the contract. */
  Future<UUID> spawnPlanner(Directive planning) {
    UUID contractId = planning.orchestratorContractId();
    NewTask planner = new NewTask(planning.ownerId(), planning.title() + " - Planner",
      PlanningPrompt.of(planning, contractId.toString()), PLANNER_PRIORITY, planning.location(),
      planning.baseBranch(), null, contractId, null, null, true, null, null, null, planning.id());
    return bus.<JsonObject>request(SchedulerAddresses.CREATE, planner.toJson()).map(Message::body)
      .map(task -> UUID.fromString(task.getString("id")))
      .compose(plannerId -> contracts.setSupervisorTask(contractId, plannerId).map(plannerId));
  }

  /**
   * Gives the directive its chain, once the whole plan is valid: nothing is written otherwise. Submitting again,
   * or concurrently, changes nothing once a chain exists. A task may submit only for the directive it plans.
   */
  Future<Directive> submitPlan(UUID ownerId, UUID directiveId, JsonObject plan, UUID plannerTaskId) {
    return existing(ownerId, directiveId).compose(directive -> plannerMaySubmit(directive, plannerTaskId)
      .compose(allowed -> {
      if (directive.currentChainId() != null) {
        return Future.succeededFuture(directive);
      }
      if (directive.status() != DirectiveStatus.PLANNING) {
        throw new ApiException(ErrorCode.INVALID_STATE, "directive is " + directive.status().wire()
          + "; a plan is submitted while planning");
      }
      List<PlanValidator.PlannedStep> steps = PlanValidator.validate(plan);
      String actor = plannerTaskId == null ? "user" : "task";
      UUID actorId = plannerTaskId == null ? ownerId : plannerTaskId;
      return pool.withTransaction(conn -> chains.insert(conn, directive, steps)
          .compose(chainId -> directives.activate(conn, directiveId, chainId))
          .compose(activated -> activated.isEmpty() ? Future.succeededFuture(activated)
            : events.write(conn, activated.get(), new DirectiveEvents.Entry("plan_submitted", "info",
              new JsonObject().put("steps", steps.size()), actor, actorId, activated.get().currentChainId(), null))
              .map(activated)))
        .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
          ? existing(ownerId, directiveId).map(Optional::of) : Future.failedFuture(failure))
        .compose(activated -> activated.map(Future::succeededFuture).orElseGet(() -> existing(ownerId, directiveId)))
        .onSuccess(current -> events.announce(current, "plan_submitted"));
    }));
  }

  private Future<Void> plannerMaySubmit(Directive directive, UUID plannerTaskId) {
    if (plannerTaskId == null) {
      return Future.succeededFuture();
    }
    return tasks.find(directive.ownerId(), plannerTaskId).map(task -> {
      boolean planner = task.isPresent() && directive.orchestratorContractId() != null
        && directive.orchestratorContractId().equals(task.get().contractId());
      if (!planner) {
        throw new ApiException(ErrorCode.FORBIDDEN, "only the directive's planner task may submit its plan");
      }
      return null;
    });
  }

  private Future<Directive> move(UUID ownerId, UUID directiveId, List<DirectiveStatus> from, DirectiveStatus to,
                                 String eventType) {
    return directives.move(ownerId, directiveId, from, to).compose(moved -> {
      if (moved.isEmpty()) {
        return existing(ownerId, directiveId).map(directive -> {
          throw new ApiException(ErrorCode.INVALID_STATE, "directive is " + directive.status().wire());
        });
      }
      return eventType == null ? Future.succeededFuture(moved.get())
        : record(moved.get(), DirectiveEvents.Entry.info(eventType, new JsonObject(), "user", ownerId));
    });
  }

  private Future<Directive> record(Directive directive, DirectiveEvents.Entry entry) {
    return events.record(directive, entry).map(directive);
  }

  private Future<Directive> existing(UUID ownerId, UUID directiveId) {
    return directives.find(ownerId, directiveId).map(found -> found.orElseThrow(() ->
      ApiException.notFound("directive")));
  }
}
