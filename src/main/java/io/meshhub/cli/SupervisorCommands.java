package io.meshhub.cli;

import io.meshhub.scheduler.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


/** What a supervisor agent does with the tasks of its contract: spawn, wait, look at and merge their work. */
final class SupervisorCommands {


  private SupervisorCommands() {
  }

  @Command(name = "spawn", description = "Spawn a task in the caller's contract; prints its id.")
  static final class Spawn extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Option(names = "--plan", paramLabel = "TEXT")
    String plan;
    @Option(names = "--plan-file", paramLabel = "F")
    String planFile;
    @Option(names = "--own-worktree", description = "Work in a worktree of its own, not the supervisor's.")
    boolean ownWorktree;
    @Option(names = "--repository", paramLabel = "URL")
    String repository;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      if ((plan == null) == (planFile == null)) {
        throw usage("give exactly one of --plan and --plan-file");
      }
      String parent = System.getenv("MESHHUB_TASK_ID");
      JsonObject spawn = body("name", name, "plan", plan != null ? plan : readInput(planFile),
        "contractId", orEnv(contractId, "MESHHUB_CONTRACT_ID", "--contract"), "useOwnWorktree", ownWorktree,
        "parentTaskId", parent == null || parent.isBlank() ? null : parent, "repositoryUrl", repository);
      return hub.post("/api/v1/mesh/supervisor/tasks", spawn).map(JsonObject.class::cast)
        .map(task -> Outcome.of(task, task.getString("id")));
    }
  }

  @Command(name = "wait", description = "Wait for a task to end; exit 1 unless it is done or merged.")
  static final class Wait extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Default 300.")
    Integer timeoutSeconds;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.post(taskPath(taskId, "wait"),
          body("timeoutSeconds", timeoutSeconds))
        .map(JsonObject.class::cast)
        .map(result -> new Outcome(result, result.getString("status"),
          TaskStatus.fromWire(result.getString("status")).succeeded() ? OK : HUB_ERROR));
    }
  }

  @Command(name = "tree", description = "The tasks of the caller's contract, nested by parent.")
  static final class Tree extends ContractCommands.AgentCommand {
    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/mesh/supervisor/contracts/" + contract() + "/tree").map(JsonObject.class::cast)
        .map(tree -> Outcome.of(tree, render(tree.getJsonArray("tasks", new JsonArray()), "")));
    }

    private static String render(JsonArray tasks, String indent) {
      StringBuilder out = new StringBuilder();
      tasks.stream().map(JsonObject.class::cast).forEach(task -> {
        out.append(indent).append(task.getString("id")).append("  ").append(task.getString("status"))
          .append("  ").append(task.getString("name")).append('\n');
        out.append(render(task.getJsonArray("children", new JsonArray()), indent + "  "));
      });
      return indent.isEmpty() ? out.toString().stripTrailing() : out.toString();
    }
  }

  /** The caller's contract tasks, flat: {@code meshhub tasks} run by an agent. */
  static Future<HubCommand.Outcome> contractTasks(HubClient hub, String contract) {
    return hub.get("/api/v1/mesh/supervisor/contracts/" + contract + "/tasks").map(JsonObject.class::cast)
      .map(list -> HubCommand.Outcome.of(list, Tables.render(list.getJsonArray("tasks", new JsonArray()),
        "id", "status", "name")));
  }

  @Command(name = "read-file", description = "Print a file of a task's worktree.")
  static final class ReadFile extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;
    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.post(taskPath(taskId, "read-file"),
          new JsonObject().put("filePath", path)).map(JsonObject.class::cast)
        .map(file -> file.getBoolean("exists", false) ? Outcome.of(file, file.getString("content"))
          : new Outcome(file, "no such file: " + path, HUB_ERROR));
    }
  }

  @Command(name = "diff", description = "Print the diff of a task's work against its base.")
  static final class Diff extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get(taskPath(taskId, "diff")).map(JsonObject.class::cast).map(SupervisorCommands::daemonAnswer);
    }
  }

  @Command(name = "merge", description = "Merge a task's branch into its target branch.")
  static final class Merge extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;
    @Option(names = "--target", paramLabel = "BRANCH")
    String targetBranch;
    @Option(names = "--squash")
    boolean squash;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return worktree(hub, taskId, "merge", body("squash", squash, "targetBranch", targetBranch));
    }
  }

  @Command(name = "rewind", description = "Reset a task's worktree to a commit.")
  static final class Rewind extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;
    @Parameters(index = "1", paramLabel = "COMMIT_SHA")
    String commitSha;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return worktree(hub, taskId, "rewind", new JsonObject().put("commitSha", commitSha));
    }
  }

  @Command(name = "checkpoint", description = "Commit the caller's worktree as a checkpoint.")
  static final class Checkpoint extends ContractCommands.AgentCommand {
    @Parameters(index = "0", paramLabel = "MESSAGE")
    String message;

    @Override
    protected Future<Outcome> run(HubClient hub) {
      String self = HubClient.segment(orEnv(null, "MESHHUB_TASK_ID", "MESHHUB_TASK_ID"));
      return hub.post("/api/v1/mesh/tasks/" + self + "/checkpoint", new JsonObject().put("message", message))
        .map(JsonObject.class::cast).map(checkpoint -> Outcome.of(checkpoint, checkpoint.getString("commitSha")));
    }
  }

  /** A daemon's answer: its text on success; its message and exit 1 when the daemon could not do it. */
  private static HubCommand.Outcome daemonAnswer(JsonObject answer) {
    if (!answer.getBoolean("success", false)) {
      String why = answer.getString("error", answer.getString("message", "the daemon could not do it"));
      return new HubCommand.Outcome(answer, "failed: " + why, HubCommand.HUB_ERROR);
    }
    String text = answer.getString("diff", answer.getString("commitSha", answer.getString("message", "ok")));
    return HubCommand.Outcome.of(answer, text);
  }

  /** The supervisor endpoint {@code action} of a task. */
  private static String taskPath(String taskId, String action) {
    return "/api/v1/mesh/supervisor/tasks/" + HubClient.segment(taskId) + "/" + action;
  }

  /** A worktree command a supervisor sends through the hub to the daemon holding the task's worktree. */
  private static Future<HubCommand.Outcome> worktree(HubClient hub, String taskId, String action, JsonObject body) {
    return hub.post(taskPath(taskId, action), body).map(JsonObject.class::cast).map(SupervisorCommands::daemonAnswer);
  }
}
