package io.meshhub.directives;

import io.meshhub.events.OwnerEvents;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.UUID;

/**
 * The save points of supervisor states (supervisor-state.md): each fact another verticle publishes about a
 * supervisor — a task it spawned, a question it asked, one answered or timed out, its conversation — and the phase
 * of its contract are saved in the contract's row, and the owner's dashboards are told ({@code supervisorState}).
 * Facts about tasks that supervise no contract change nothing.
 */
final class SupervisorStates {

  private final SupervisorStateRepository states;
  private final EventBus bus;

  SupervisorStates(SupervisorStateRepository states, EventBus bus) {
    this.states = states;
    this.bus = bus;
  }

  /** A task was spawned by a supervisor: the task as published, with {@code spawnedBy}. */
  Future<Void> spawned(JsonObject task) {
    String contractId = task.getString("contractId");
    return contractId == null ? Future.succeededFuture() : saved(states.spawned(UUID.fromString(contractId),
      UUID.fromString(task.getString("spawnedBy")), UUID.fromString(task.getString("id"))));
  }

  /** A question was asked, by a supervisor or any other task: the question as published. */
  Future<Void> asked(JsonObject question) {
    JsonObject pending = new JsonObject().put("id", question.getString("questionId"))
      .put("question", question.getString("question")).put("choices", question.getJsonArray("choices"))
      .put("context", question.getString("context")).put("questionType", question.getString("questionType"))
      .put("askedAt", question.getString("createdAt"));
    return saved(states.questionAsked(UUID.fromString(question.getString("taskId")), pending));
  }

  /** A question was answered or timed out. */
  Future<Void> settled(UUID questionId) {
    return saved(states.questionSettled(questionId));
  }

  /** The supervisor task waits on one of its contract's tasks. */
  Future<Void> waiting(UUID supervisorTaskId, UUID taskId) {
    return saved(states.waiting(supervisorTaskId, taskId));
  }

  /** A task of a contract ended: supervisors waiting on it stop waiting on it. */
  Future<Void> taskEnded(JsonObject task) {
    if (task.getString("contractId") == null) {
      return Future.succeededFuture();
    }
    return states.taskEnded(UUID.fromString(task.getString("id")))
      .map(changed -> {
        changed.forEach(this::announce);
        return null;
      });
  }

  /** The contract's phase changed. */
  Future<Void> phase(UUID contractId, String phase) {
    return saved(states.phase(contractId, phase));
  }

  /** A task's daemon reported its conversation. */
  Future<Void> conversation(UUID taskId, JsonArray messages) {
    return saved(states.conversation(taskId, messages));
  }

  private Future<Void> saved(Future<Optional<SupervisorState>> change) {
    return change.map(changed -> {
      changed.ifPresent(this::announce);
      return null;
    });
  }

  /** Tells the owner's dashboards that the supervisor's state changed. */
  void announce(SupervisorState state) {
    OwnerEvents.publish(bus, state.ownerId(), "supervisorState", new JsonObject()
      .put("contractId", state.contractId().toString()).put("state", state.state())
      .put("currentActivity", state.currentActivity()));
  }
}
