package io.meshhub.cli.daemon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code spawnTask} command: one attempt of a task, with what a retry resumes from. */
record Spawn(String taskId, String taskName, String plan, String toolKey, String hubUrl, String repoUrl,
             String baseBranch, String targetBranch, String contractId, String directiveId, boolean isSupervisor,
             boolean resumeSession, JsonArray conversationHistory, String patchData, String patchBaseSha,
             boolean localOnly, boolean autoMergeLocal, String supervisorWorktreeTaskId) {

  static Spawn fromJson(JsonObject frame) {
    return new Spawn(frame.getString("taskId"), frame.getString("taskName"), frame.getString("plan", ""),
      frame.getString("toolKey"), frame.getString("hubUrl"), frame.getString("repoUrl"),
      frame.getString("baseBranch"), frame.getString("targetBranch"), frame.getString("contractId"),
      frame.getString("directiveId"), frame.getBoolean("isSupervisor", false),
      frame.getBoolean("resumeSession", false), frame.getJsonArray("conversationHistory"),
      frame.getString("patchData"), frame.getString("patchBaseSha"), frame.getBoolean("localOnly", false),
      frame.getBoolean("autoMergeLocal", false), frame.getString("supervisorWorktreeTaskId"));
  }

  boolean hasRepository() {
    return repoUrl != null && !repoUrl.isBlank();
  }

  /** The agent session of the previous attempt, as the hub kept it in the conversation. */
  String previousSessionId() {
    if (conversationHistory == null) {
      return null;
    }
    String found = null;
    for (Object message : conversationHistory) {
      if (message instanceof JsonObject object && object.getString("sessionId") != null) {
        found = object.getString("sessionId");
      }
    }
    return found;
  }
}
