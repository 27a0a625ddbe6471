package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;

import io.meshhub.daemons.DaemonCommands;
import io.vertx.core.json.JsonObject;

/**
 * The {@code spawnTask} frame for one attempt of a task. A retry carries what the previous attempt left: the latest
 * checkpoint patch, the conversation, and {@code resumeSession}, so the agent resumes rather than starts over. An
 * owner's resume may name an older checkpoint (its patch and commit are sent) or ask for a fresh session (the code
 * is kept, the conversation is not).
 */
final class SpawnCommand {

  private SpawnCommand() {
  }

  static JsonObject of(Assignment assignment, String toolKey, String hubUrl) {
    Task task = assignment.task();
    boolean retry = task.retryCount() > 0;
    boolean resumeSession = retry && !assignment.freshSession();
    return DaemonCommands.command("spawnTask", task.id())
      .put("taskName", task.name())
      .put("plan", task.plan())
      .put("toolKey", toolKey)
      .put("hubUrl", hubUrl)
      .put("repoUrl", task.repositoryUrl())
      .put("baseBranch", task.baseBranch())
      .put("targetBranch", task.targetBranch())
      .put("parentTaskId", text(task.parentTaskId()))
      .put("depth", task.depth())
      .put("contractId", text(task.contractId()))
      .put("directiveId", text(task.directiveId()))
      .put("isSupervisor", task.isSupervisor())
      .put("autonomousLoop", assignment.contract().autonomousLoop())
      .put("resumeSession", resumeSession)
      .put("conversationHistory", resumeSession ? assignment.conversationHistory() : null)
      .put("patchData", retry ? assignment.patchData() : null)
      .put("patchBaseSha", retry ? assignment.patchBaseSha() : null)
      .put("localOnly", assignment.contract().localOnly() || task.isRedTeam())
      .put("autoMergeLocal", assignment.contract().autoMergeLocal())
      .put("supervisorWorktreeTaskId", text(assignment.supervisorWorktreeTaskId()))
      .put("checkpointSha", assignment.restoreSha() != null ? assignment.restoreSha() : assignment.checkpointSha());
  }
}
