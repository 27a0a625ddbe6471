package io.meshhub.directives;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * The message a restored supervisor receives first on its new daemon: how often it was restored, the questions
 * re-delivered to its owner, the tasks it waited on and had spawned, and what the hub found wrong with its saved
 * state. Its agent reads it as any other message from the hub.
 */
record RestorationNotice(int restorationCount, JsonArray questions, List<UUID> waitingTaskIds,
                         List<UUID> spawnedTaskIds, List<String> warnings) {

  String text() {
    StringBuilder text = new StringBuilder("=== SUPERVISOR RESTORATION NOTICE ===\n\n")
      .append("This supervisor was restored after an interruption. Restoration count: ").append(restorationCount)
      .append(".\n");
    if (!questions.isEmpty()) {
      text.append("\nPending questions (").append(questions.size())
        .append("), re-delivered to the owner; poll for their answers:\n");
      questions.stream().map(JsonObject.class::cast).forEach(question -> text.append("  - ")
        .append(question.getString("questionId")).append(": ").append(question.getString("question")).append('\n'));
    }
    if (!waitingTaskIds.isEmpty()) {
      text.append("\nWaiting on ").append(waitingTaskIds.size())
        .append(" task(s); check their status before continuing:\n");
      waitingTaskIds.forEach(id -> text.append("  - ").append(id).append('\n'));
    }
    if (!spawnedTaskIds.isEmpty()) {
      text.append('\n').append(spawnedTaskIds.size())
        .append(" task(s) were spawned before the interruption; their status may need checking.\n");
    }
    if (!warnings.isEmpty()) {
      text.append("\nWarnings:\n");
      warnings.forEach(warning -> text.append("  - ").append(warning).append('\n'));
    }
    return text.append("\n=== END RESTORATION NOTICE ===\n").toString();
  }
}
