package io.meshhub.directives;

import io.meshhub.core.BusCalls;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.daemons.DaemonsAddresses;
import io.meshhub.history.History;
import io.meshhub.questions.QuestionsAddresses;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.SupervisorRestarted;
import io.meshhub.scheduler.Tasks;
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
 * The owner of contracts, their files and orders (and, with the directive engine, of directives, chains and
 * steps): every change of them is a request to this verticle.
 */
public final class DirectiveEngineVerticle extends AbstractVerticle {

  private static final Logger log = LoggerFactory.getLogger(DirectiveEngineVerticle.class);
  /** How often directives are re-derived from their tasks and contracts, besides at start. */
  private static final long RECONCILE_EVERY_MS = 30_000;

  private final HubContext context;

  public DirectiveEngineVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = context.pool(vertx);
    DirectiveMeters meters = new DirectiveMeters(HubMetrics.of(vertx).registry());
    HubMetrics.of(vertx).refreshedOnScrape(() -> meters.refresh(pool));
    SupervisorStates supervisorStates = new SupervisorStates(new SupervisorStateRepository(pool), vertx.eventBus());
    ContractLifecycle contracts = new ContractLifecycle(new ContractRepository(pool), new FileRepository(pool),
      supervisorStates, vertx.eventBus());
    DirectiveEvents directiveEvents = new DirectiveEvents(pool, vertx.eventBus());
    OrderLifecycle orders = new OrderLifecycle(new OrderRepository(pool), new DirectiveRepository(pool),
      directiveEvents);
    DirectiveLifecycle directives = new DirectiveLifecycle(pool, directiveEvents, vertx.eventBus());
    DirectiveEngine engine = new DirectiveEngine(pool, directiveEvents, directives, vertx.eventBus());
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>(contractConsumers(contracts, orders));
    consumers.addAll(supervisorConsumers(supervisorStates));
    consumers.addAll(restorationConsumers(
      new ConversationRewind(pool, supervisorStates, vertx.eventBus(), context.config().daemons().commandTimeoutMs()),
      new SupervisorRestoration(new SupervisorStateRepository(pool), new ContractRepository(pool), supervisorStates,
        vertx.eventBus()),
      new RedTeam(new ContractRepository(pool), Tasks.of(pool), History.of(pool), vertx.eventBus())));
    consumers.addAll(directiveConsumers(directives, engine, new ManualEvaluation(new DirectiveRepository(pool),
      new StepRepository(pool), directiveEvents, engine)));
    DirectiveReconciler reconciler = new DirectiveReconciler(new StepRepository(pool), new DirectiveRepository(pool),
      new ContractRepository(pool), directives, directiveEvents, engine);
    Future.all(consumers.stream().map(BusCalls::registered).toList()).<Void>mapEmpty()
      .onSuccess(listening -> {
        reconcile(reconciler);
        vertx.setPeriodic(RECONCILE_EVERY_MS, timer -> reconcile(reconciler));
      })
      .onComplete(started);
  }

  /**
   * The save points of supervisor states, from the facts other verticles publish. Each fact is saved by the node
   * that published it (local consumers), so a cluster saves it once.
   */
  private List<MessageConsumer<JsonObject>> supervisorConsumers(SupervisorStates states) {
    EventBus bus = vertx.eventBus();
    return List.of(
      bus.localConsumer(SchedulerAddresses.SPAWNED, message -> states.spawned(message.body())
        .onFailure(failure -> log.error("A supervisor's spawn was not saved", failure))),
      bus.localConsumer(QuestionsAddresses.ASKED, message -> states.asked(message.body())
        .onFailure(failure -> log.error("A supervisor's question was not saved", failure))),
      bus.localConsumer(QuestionsAddresses.ANSWERED, message -> states.settled(questionId(message.body()))
        .onFailure(failure -> log.error("An answer was not saved in its supervisor's state", failure))),
      bus.localConsumer(QuestionsAddresses.TIMED_OUT, message -> states.settled(questionId(message.body()))
        .onFailure(failure -> log.error("A timed-out question was not saved in its supervisor's state", failure))),
      bus.localConsumer(DirectivesAddresses.SUPERVISOR_WAITING, message -> states.waiting(
          UUID.fromString(message.body().getString("supervisorTaskId")),
          UUID.fromString(message.body().getString("taskId")))
        .onFailure(failure -> log.error("A supervisor's wait was not saved", failure))),
      bus.localConsumer(SchedulerAddresses.TASK_COMPLETED, message -> states.taskEnded(message.body())
        .onFailure(failure -> log.error("A task's end was not saved in its supervisors' states", failure))),
      bus.localConsumer(DaemonsAddresses.CONVERSATION, message -> states.conversation(
          UUID.fromString(message.body().getString("taskId")), message.body().getJsonArray("messages"))
        .onFailure(failure -> log.error("A supervisor's conversation was not saved", failure))));
  }

  /** Rewinds, resumes and restorations of supervisors, and the red-team monitors that report to them. */
  private List<MessageConsumer<JsonObject>> restorationConsumers(ConversationRewind rewind,
                                                                 SupervisorRestoration restoration, RedTeam redTeam) {
    EventBus bus = vertx.eventBus();
    return List.of(
      bus.localConsumer(DirectivesAddresses.REWIND_CONVERSATION, message -> BusCalls.reply(message,
        () -> rewind.rewind(ConversationRewind.Request.fromJson(message.body())))),
      bus.localConsumer(DirectivesAddresses.RESUME_SUPERVISOR, message -> BusCalls.reply(message,
        () -> restoration.resume(SupervisorRestoration.Request.fromJson(message.body())))),
      bus.localConsumer(SchedulerAddresses.SUPERVISOR_RESTARTED, message -> restoration
        .restored(SupervisorRestarted.fromJson(message.body()))
        .onFailure(failure -> log.error("A supervisor placed on a daemon again was not restored there", failure))),
      bus.localConsumer(SchedulerAddresses.RED_TEAM_WORK_STARTED, message -> redTeam
        .workStarted(UUID.fromString(message.body().getString("ownerId")),
          UUID.fromString(message.body().getString("contractId")))
        .onFailure(failure -> log.error("A contract's red-team monitor was not created", failure))),
      bus.localConsumer(DirectivesAddresses.RED_TEAM_NOTIFY, message -> BusCalls.reply(message,
        () -> redTeam.notify(RedTeam.Finding.fromJson(message.body())))));
  }

  private static UUID questionId(JsonObject body) {
    return UUID.fromString(body.getString("questionId"));
  }

  /**
   * What the engine missed while no node ran it (a kill -9) is caught up at start, and on a slow sweep after. In a
   * cluster only the leader (the oldest node) reconciles: two nodes repairing the same stranded step at once could
   * each give it a task.
   */
  private void reconcile(DirectiveReconciler reconciler) {
    if (context.isLeader().getAsBoolean()) {
      reconciler.reconcileAll().onFailure(failure -> log.error("Directives were not reconciled", failure));
    }
  }

  /** Contracts, their repositories and files, and orders. */
  private List<MessageConsumer<JsonObject>> contractConsumers(ContractLifecycle contracts, OrderLifecycle orders) {
    EventBus bus = vertx.eventBus();
    return List.of(
      bus.localConsumer(DirectivesAddresses.CREATE_CONTRACT, message -> BusCalls.reply(message,
        () -> contracts.create(NewContract.fromJson(message.body())).map(Contract::toJson))),
      bus.localConsumer(DirectivesAddresses.UPDATE_CONTRACT, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Edit edit = DirectiveMessages.Edit.fromJson(message.body());
        return contracts.update(edit.ownerId(), edit.id(), edit.version(), edit.changes()).map(Contract::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.COMPLETE_CONTRACT, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Ref ref = DirectiveMessages.Ref.fromJson(message.body());
        return contracts.complete(ref.ownerId(), ref.id(), ref.taskId()).map(Contract::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.ADD_REPOSITORY, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.NewRepository added = DirectiveMessages.NewRepository.fromJson(message.body());
        return contracts.addRepository(added.ownerId(), added.contractId(),
          SourceRepository.fromRequest(added.repository())).map(SourceRepository::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.CREATE_FILE, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.NewFile file = DirectiveMessages.NewFile.fromJson(message.body());
        return contracts.createFile(file.ownerId(), file.contractId(), file.name(), file.body())
          .map(ContractFile::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.CREATE_ORDER, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.NewOrder order = DirectiveMessages.NewOrder.fromJson(message.body());
        return (order.fromTask() ? orders.fileFromTask(order.ownerId(), order.order(), order.directiveId())
          : orders.file(order.ownerId(), order.order(), order.directiveId())).map(Order::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.UPDATE_ORDER, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Edit edit = DirectiveMessages.Edit.fromJson(message.body());
        return orders.update(edit.ownerId(), edit.id(), edit.changes()).map(Order::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.DELETE_ORDER, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Ref ref = DirectiveMessages.Ref.fromJson(message.body());
        return orders.delete(ref.ownerId(), ref.id());
      })));
  }

  /** Directives: owners' requests, and the events that move their chains. */
  private List<MessageConsumer<JsonObject>> directiveConsumers(DirectiveLifecycle directives, DirectiveEngine engine,
                                                               ManualEvaluation manual) {
    EventBus bus = vertx.eventBus();
    return List.of(
      bus.localConsumer(DirectivesAddresses.CREATE_DIRECTIVE, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.NewDirective created = DirectiveMessages.NewDirective.fromJson(message.body());
        return directives.create(created.ownerId(), created.directive()).map(Directive::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.UPDATE_DIRECTIVE, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Edit edit = DirectiveMessages.Edit.fromJson(message.body());
        return directives.update(edit.ownerId(), edit.id(), edit.version(), edit.changes()).map(Directive::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.DELETE_DIRECTIVE, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.Ref ref = DirectiveMessages.Ref.fromJson(message.body());
        return directives.delete(ref.ownerId(), ref.id());
      })),
      bus.localConsumer(DirectivesAddresses.MOVE_DIRECTIVE, message -> BusCalls.reply(message,
        () -> move(directives, DirectiveMessages.Move.fromJson(message.body()))
          .compose(moved -> advanced(engine, moved)).map(Directive::toJson))),
      bus.localConsumer(DirectivesAddresses.SUBMIT_PLAN, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.PlanSubmission plan = DirectiveMessages.PlanSubmission.fromJson(message.body());
        return directives.submitPlan(plan.ownerId(), plan.directiveId(), plan.plan(), plan.taskId())
          .compose(submitted -> advanced(engine, submitted)).map(Directive::toJson);
      })),
      bus.localConsumer(DirectivesAddresses.EVALUATE_STEP, message -> BusCalls.reply(message, () -> {
        DirectiveMessages.StepEvaluation evaluation = DirectiveMessages.StepEvaluation.fromJson(message.body());
        return manual.evaluateAgain(evaluation.ownerId(), evaluation.directiveId(), evaluation.stepId());
      })),
      bus.consumer(SchedulerAddresses.TASK_COMPLETED, message -> engine.onTaskCompleted(message.body())
        .onFailure(failure -> log.error("A directive did not follow a task's end", failure))),
      bus.consumer(DirectivesAddresses.CONTRACT_COMPLETED, message -> engine.onContractCompleted(message.body())
        .onFailure(failure -> log.error("A directive did not follow a contract's completion", failure))));
  }

  /** After a plan or a resume, the chain moves on; the reply is the directive as it was then. */
  private static Future<Directive> advanced(DirectiveEngine engine, Directive directive) {
    return engine.advanceQueued(directive.ownerId(), directive.id()).map(directive);
  }

  private static Future<Directive> move(DirectiveLifecycle directives, DirectiveMessages.Move move) {
    return switch (move.action()) {
      case START -> directives.start(move.ownerId(), move.directiveId());
      case PAUSE -> directives.pause(move.ownerId(), move.directiveId());
      case RESUME -> directives.resume(move.ownerId(), move.directiveId());
      case ARCHIVE -> directives.archive(move.ownerId(), move.directiveId());
    };
  }

}
