package io.meshhub.directives;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.questions.QuestionsAddresses;
import io.meshhub.questions.Redelivery;
import io.meshhub.scheduler.RestorationSource;
import io.meshhub.scheduler.ResumeMode;
import io.meshhub.scheduler.ResumeRequest;
import io.meshhub.scheduler.SchedulerAddresses;
import io.meshhub.scheduler.SupervisorRestarted;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Restores supervisors (supervisor-state.md). An owner's resume is checked here and handed to the scheduler, which
 * re-queues the supervisor and records the restoration in one transaction, then places it. Whenever a supervisor
 * that ran before is placed on a daemon — after an owner's resume, or retried by the scheduler after its daemon was
 * lost — it is restored there: the restoration is counted (an owner's resume counted it already), its pending
 * questions are re-delivered, and it is sent the restoration notice.
 */
final class SupervisorRestoration {

  /** A question pending longer than this is re-delivered with a warning that it may be stale. */
  private static final Duration STALE_QUESTION = Duration.ofHours(24);

  /** An owner's {@code POST …/supervisor/resume}. */
  record Request(UUID ownerId, UUID contractId, String resumeMode, UUID checkpointId) {

    JsonObject toJson() {
      return new JsonObject().put("ownerId", ownerId.toString()).put("contractId", contractId.toString())
        .put("resumeMode", resumeMode).put("checkpointId", text(checkpointId));
    }

    static Request fromJson(JsonObject json) {
      return new Request(uuid(json, "ownerId"), uuid(json, "contractId"), json.getString("resumeMode"),
        uuid(json, "checkpointId"));
    }
  }

  /** What the saved state's checks found: warnings, and whether tasks the supervisor spawned are gone. */
  private record Check(List<String> warnings, boolean tasksMissing) {
  }

  /** Where a resume starts: its mode, the conversation, the checkpoint named (null: the latest patch). */
  private record Start(ResumeMode mode, JsonArray conversation, UUID checkpointId, List<String> warnings) {
  }

  private final SupervisorStateRepository states;
  private final ContractRepository contracts;
  private final SupervisorStates saved;
  private final EventBus bus;

  SupervisorRestoration(SupervisorStateRepository states, ContractRepository contracts, SupervisorStates saved,
                        EventBus bus) {
    this.states = states;
    this.contracts = contracts;
    this.saved = saved;
    this.bus = bus;
  }

  /** Resumes the contract's supervisor; the answer has the shape of the spec. */
  Future<JsonObject> resume(Request request) {
    ResumeMode mode = ResumeMode.fromWire(request.resumeMode());
    return existing(request).compose(state -> check(state)
      .compose(check -> start(request, state, mode, check))
      .compose(start -> bus.<JsonObject>request(SchedulerAddresses.RESUME, new ResumeRequest(request.ownerId(),
          state.taskId(), start.mode(), start.conversation(), start.checkpointId()).toJson())
        .map(Message::body)
        .map(placed -> answer(state, start, placed))))
      .onSuccess(answer -> states.find(request.ownerId(), request.contractId())
        .onSuccess(resumed -> resumed.ifPresent(saved::announce)));
  }

  /**
   * A supervisor that ran before was placed on a daemon: the restoration is counted (unless its owner's resume
   * counted it), its questions are re-delivered and the notice is sent to it there.
   */
  Future<Void> restored(SupervisorRestarted restart) {
    if (restart.contractId() == null) {
      return Future.succeededFuture();
    }
    Future<Optional<SupervisorState>> counted = restart.source() == RestorationSource.MANUAL
      ? states.findByTask(restart.taskId()) : states.restored(restart.taskId(), restart.source().wire());
    return counted.compose(found -> found.map(state -> {
      saved.announce(state);
      return check(state).compose(check -> redeliver(state)
        .compose(questions -> sendNotice(restart, new RestorationNotice(state.restorationCount(), questions,
          state.pendingTaskIds(), state.spawnedTaskIds(), check.warnings()))));
    }).orElseGet(Future::succeededFuture));
  }

  private Future<SupervisorState> existing(Request request) {
    return states.find(request.ownerId(), request.contractId()).compose(found -> {
      if (found.isPresent() && found.get().taskId() != null) {
        return Future.succeededFuture(found.get());
      }
      return contracts.find(request.ownerId(), request.contractId()).map(contract -> {
        throw contract.isEmpty() ? ApiException.notFound("contract")
          : new ApiException(ErrorCode.NO_SUPERVISOR_STATE, "the contract has no supervisor");
      });
    });
  }

  /** The checks of the spec: spawned tasks that no longer exist, stale questions, a conversation lost before. */
  private Future<Check> check(SupervisorState state) {
    return states.missingTasks(state.spawnedTaskIds()).map(missing -> {
      List<String> warnings = new ArrayList<>();
      missing.forEach(id -> warnings.add("spawned task " + id + " no longer exists"));
      OffsetDateTime staleBefore = OffsetDateTime.now().minus(STALE_QUESTION);
      state.pendingQuestions().stream().map(JsonObject.class::cast)
        .filter(question -> askedAt(question).map(asked -> asked.isBefore(staleBefore)).orElse(false))
        .forEach(question -> warnings.add("question " + question.getString("id")
          + " was asked more than 24 hours ago and may be stale"));
      if (state.restorationCount() > 0 && state.conversationHistory().isEmpty()) {
        warnings.add("the conversation is empty after an earlier restoration");
      }
      return new Check(warnings, !missing.isEmpty());
    });
  }

  private static Optional<OffsetDateTime> askedAt(JsonObject question) {
    try {
      return Optional.ofNullable(question.getString("askedAt")).map(OffsetDateTime::parse);
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  /**
   * What the supervisor resumes with. A {@code continue} whose spawned tasks are missing recovers from the latest
   * checkpoint, when there is one: the conversation after it may speak of work that is gone.
   */
  private Future<Start> start(Request request, SupervisorState state, ResumeMode mode, Check check) {
    List<String> warnings = new ArrayList<>(check.warnings());
    return switch (mode) {
      case RESTART_PHASE -> Future.succeededFuture(new Start(mode, new JsonArray(), null, warnings));
      case FROM_CHECKPOINT -> fromCheckpoint(request, state, request.checkpointId(), warnings)
        .map(found -> found.orElseThrow(() -> request.checkpointId() != null ? ApiException.notFound("checkpoint")
          : new ApiException(ErrorCode.INVALID_STATE, "the supervisor has no checkpoint to resume from")));
      case CONTINUE -> !check.tasksMissing()
        ? Future.succeededFuture(new Start(mode, state.conversationHistory(), null, warnings))
        : fromCheckpoint(request, state, null, warnings).map(found -> found.map(recovered -> {
          warnings.add("tasks it spawned are missing: resumed from its latest checkpoint");
          return recovered;
        }).orElseGet(() -> new Start(mode, state.conversationHistory(), null, warnings)));
    };
  }

  /** From the checkpoint (the latest when none is named): the conversation as it was when it was taken. */
  private Future<Optional<Start>> fromCheckpoint(Request request, SupervisorState state, UUID checkpointId,
                                                 List<String> warnings) {
    return states.checkpoint(state.taskId(), checkpointId).compose(checkpoint -> checkpoint.isEmpty()
      ? Future.succeededFuture(Optional.empty())
      : states.conversation(request.ownerId(), request.contractId()).map(conversation -> Optional.of(new Start(
        ResumeMode.FROM_CHECKPOINT, conversation.map(saved -> saved.writtenBefore(checkpoint.get().takenAt()))
          .orElseGet(JsonArray::new), checkpoint.get().id(), warnings))));
  }

  private static JsonObject answer(SupervisorState state, Start start, JsonObject placed) {
    return new JsonObject()
      .put("supervisorTaskId", state.taskId().toString())
      .put("daemonId", placed.getString("daemonId"))
      .put("resumeMode", start.mode().wire())
      .put("resumedFrom", new JsonObject().put("phase", state.phase()).put("lastActivity", state.lastActivity())
        .put("messageCount", start.conversation().size()))
      .put("status", placed.getString("status"))
      .put("restoration", new JsonObject()
        .put("previousState", state.state())
        .put("restorationCount", placed.getInteger("restorationCount"))
        .put("pendingQuestionsCount", state.pendingQuestions().size())
        .put("waitingTasksCount", state.pendingTaskIds().size())
        .put("spawnedTasksCount", state.spawnedTaskIds().size())
        .put("warnings", new JsonArray(start.warnings())));
  }

  private Future<JsonArray> redeliver(SupervisorState state) {
    List<UUID> questionIds = state.pendingQuestions().stream()
      .map(question -> UUID.fromString(((JsonObject) question).getString("id"))).toList();
    if (questionIds.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return bus.<JsonObject>request(QuestionsAddresses.REDELIVER,
        new Redelivery(state.ownerId(), state.taskId(), questionIds).toJson())
      .map(reply -> reply.body().getJsonArray("questions"));
  }

  private Future<Void> sendNotice(SupervisorRestarted restart, RestorationNotice notice) {
    return DaemonCommands.send(bus, restart.daemonId(), DaemonCommands.command("sendMessage", restart.taskId())
      .put("message", notice.text()), DaemonCommands.DELIVERY_TIMEOUT_MS).mapEmpty();
  }
}
