package io.meshhub.cli.daemon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The hub's commands about a task's worktree, each answered by a {@code commandResult}: checkpoint, diff, read a
 * file, branch, merge, pull request, rewind. Blocking (git): the host runs them on workers. A command that cannot
 * be done is a failed result with a message, never an exception to the caller.
 */
final class WorktreeCommands {

  private final Workspaces workspaces;
  private final WorktreeFiles files;

  WorktreeCommands(Workspaces workspaces) {
    this.workspaces = workspaces;
    this.files = new WorktreeFiles(workspaces);
  }

  /**
   * Runs the command and returns its {@code commandResult}. {@code reports} receives reports that must reach the
   * hub before the result (the {@code checkpointCreated} of a checkpoint).
   */
  JsonObject run(JsonObject command, Consumer<JsonObject> reports) {
    String taskId = command.getString("taskId");
    JsonObject result = new JsonObject().put("type", "commandResult").put("commandId", command.getString("commandId"));
    try {
      JsonObject data = switch (command.getString("type")) {
        case "createCheckpoint" -> checkpoint(taskId, command.getString("message"), reports);
        case "getTaskDiff" -> new JsonObject().put("diff", workspaces.diff(taskId));
        case "readFile" -> readFile(taskId, command.getString("filePath"));
        case "createBranch" -> {
          workspaces.createBranch(taskId, command.getString("branchName"), command.getString("fromRef"));
          yield new JsonObject().put("message", "branch " + command.getString("branchName") + " created");
        }
        case "mergeTaskToTarget" -> merge(taskId, command.getString("targetBranch"),
          command.getBoolean("squash", false));
        case "createPR" -> pullRequest(taskId, command);
        case "rewindCode" -> {
          workspaces.rewind(taskId, command.getString("commitSha"));
          yield new JsonObject().put("message", "worktree reset to " + command.getString("commitSha"));
        }
        default -> throw new IllegalArgumentException("unknown command " + command.getString("type"));
      };
      boolean success = !data.containsKey("success") || Boolean.TRUE.equals(data.remove("success"));
      return result.put("success", success).put("message", data.getString("message")).put("data", data);
    } catch (Git.GitException | IllegalArgumentException e) {
      return result.put("success", false).put("message", e.getMessage()).put("data", new JsonObject()
        .put("error", e.getMessage()));
    }
  }

  private JsonObject checkpoint(String taskId, String message, Consumer<JsonObject> reports) {
    Workspaces.Checkpoint checkpoint = workspaces.checkpoint(taskId, message);
    reports.accept(new JsonObject().put("type", "checkpointCreated").put("taskId", taskId)
      .put("commitSha", checkpoint.commitSha()).put("branchName", checkpoint.branchName()).put("message", message)
      .put("filesChanged", checkpoint.filesChanged()).put("linesAdded", checkpoint.linesAdded())
      .put("linesRemoved", checkpoint.linesRemoved()).put("patchData", checkpoint.patchData())
      .put("patchBaseSha", checkpoint.patchBaseSha()));
    return new JsonObject().put("commitSha", checkpoint.commitSha()).put("branchName", checkpoint.branchName())
      .put("message", "checkpoint " + checkpoint.commitSha());
  }

  private JsonObject readFile(String taskId, String filePath) {
    Optional<String> content = files.read(taskId, filePath);
    return new JsonObject().put("content", content.orElse(null)).put("exists", content.isPresent());
  }

  private JsonObject merge(String taskId, String targetBranch, boolean squash) {
    Workspaces.Merge merge = workspaces.merge(taskId, targetBranch, squash);
    boolean merged = merge.conflicts().isEmpty();
    return new JsonObject().put("success", merged).put("commitSha", merge.commitSha())
      .put("conflicts", new JsonArray(merge.conflicts()))
      .put("message", merged ? "merged as " + merge.commitSha() : "conflicts in " + String.join(", ",
        merge.conflicts()) + "; nothing was merged");
  }

  /** A pull request with the GitHub CLI, which holds the owner's credentials; without it, a clear refusal. */
  private JsonObject pullRequest(String taskId, JsonObject command) {
    Workspaces.Worktree tree = workspaces.open(taskId);
    String branch = command.getString("branch") != null ? command.getString("branch") : Workspaces.branchOf(taskId);
    List<String> create = new java.util.ArrayList<>(List.of("gh", "pr", "create", "--head", branch, "--title",
      command.getString("title", "Work of task " + taskId), "--body", command.getString("body", "")));
    if (command.getString("baseBranch") != null) {
      create.add("--base");
      create.add(command.getString("baseBranch"));
    }
    try {
      Git.run(tree.path(), "push", "origin", branch + ":" + branch);
      Process gh = new ProcessBuilder(create).directory(tree.path().toFile()).redirectErrorStream(true).start();
      String output = new String(gh.getInputStream().readAllBytes()).strip();
      if (gh.waitFor() != 0) {
        return new JsonObject().put("success", false).put("message", "gh pr create failed: " + output);
      }
      String url = output.lines().reduce((first, last) -> last).orElse(output);
      String number = url.substring(url.lastIndexOf('/') + 1);
      return new JsonObject().put("prUrl", url).put("prNumber", number.matches("\\d+") ? Integer.parseInt(number)
        : null).put("message", "pull request " + url);
    } catch (IOException e) {
      return new JsonObject().put("success", false)
        .put("message", "the GitHub CLI (gh) is not installed on this daemon's machine");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JsonObject().put("success", false).put("message", "interrupted");
    }
  }
}
