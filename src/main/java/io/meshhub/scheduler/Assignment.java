package io.meshhub.scheduler;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.UUID;

/**
 * A task now {@code starting} on a daemon, with what a retry resumes from, how its contract works, and the owner's
 * resume request it carries, if any ({@code restoreSha}: the commit of the checkpoint that request names).
 */
record Assignment(Task task, String patchData, String patchBaseSha, JsonArray conversationHistory,
                  UUID supervisorWorktreeTaskId, String checkpointSha, DispatchRepository.ContractFlags contract,
                  JsonObject resumeRequest, String restoreSha) {

  /**
   * Why a supervisor that ran before is placed again: its owner resumed it, or a daemon lost it; empty for a first
   * start or a task that supervises nothing.
   */
  Optional<RestorationSource> restoration() {
    if (!task.isSupervisor() || resumeRequest == null && task.retryCount() == 0) {
      return Optional.empty();
    }
    if (resumeRequest != null) {
      return RestorationSource.fromWire(resumeRequest.getString("source"));
    }
    return Optional.of(task.failedDaemonIds().isEmpty() ? RestorationSource.TASK_REASSIGNMENT
      : RestorationSource.DAEMON_RESTART);
  }

  /** A work task of a contract with a red team: neither its supervisor nor its monitor. */
  boolean isRedTeamWatched() {
    return contract.redTeam() && !task.isSupervisor() && !task.isRedTeam();
  }

  /** The owner asked for a fresh agent session (restart the phase): no conversation to resume. */
  boolean freshSession() {
    return resumeRequest != null && ResumeMode.RESTART_PHASE.wire().equals(resumeRequest.getString("mode"));
  }
}
