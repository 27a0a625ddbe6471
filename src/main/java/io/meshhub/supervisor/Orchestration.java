package io.meshhub.supervisor;

import io.meshhub.core.ApiException;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.scheduler.Task;
import io.meshhub.scheduler.Tasks;
import io.vertx.core.Future;

import java.util.Objects;
import java.util.UUID;

/**
 * Who may orchestrate what: the calling task must be a supervisor or a directive task, and works on its own
 * contract and that contract's tasks. Another owner's task is not found; another contract's is a mismatch.
 */
final class Orchestration {

  private final Tasks tasks;

  Orchestration(Tasks tasks) {
    this.tasks = tasks;
  }

  /** The calling task, if it may orchestrate other tasks. */
  Future<Task> orchestrator(Caller caller) {
    return self(caller).map(task -> {
      if (!task.isSupervisor() && task.directiveId() == null) {
        throw new ApiException(ErrorCode.NOT_SUPERVISOR, "only a supervisor or a directive task may do this");
      }
      return task;
    });
  }

  /** The calling task itself. */
  Future<Task> self(Caller caller) {
    return tasks.find(caller.ownerId(), caller.taskId())
      .map(task -> task.orElseThrow(() -> ApiException.notFound("task")));
  }

  /** The orchestrator, checked to be of this contract. */
  Future<Task> orchestratorOf(Caller caller, UUID contractId) {
    return orchestrator(caller).map(task -> {
      if (!contractId.equals(task.contractId())) {
        throw new ApiException(ErrorCode.CONTRACT_MISMATCH, "the calling task is not of this contract");
      }
      return task;
    });
  }

  /** A task the orchestrator may act on: itself, or a task of its contract. */
  Future<Task> target(Caller caller, UUID taskId) {
    return orchestrator(caller).compose(orchestrator -> tasks.find(caller.ownerId(), taskId).map(found -> {
      Task task = found.orElseThrow(() -> ApiException.notFound("task"));
      boolean sameContract = orchestrator.contractId() != null
        && Objects.equals(orchestrator.contractId(), task.contractId());
      if (!task.id().equals(orchestrator.id()) && !sameContract) {
        throw new ApiException(ErrorCode.CONTRACT_MISMATCH, "the task is not of the calling task's contract");
      }
      return task;
    }));
  }

  /** The daemon holding the task's worktree: the one running it, or the one that ran it. */
  static UUID daemonOf(Task task) {
    if (task.daemonId() == null) {
      throw new ApiException(ErrorCode.DAEMON_UNAVAILABLE, "no daemon holds the task's worktree");
    }
    return task.daemonId();
  }
}
