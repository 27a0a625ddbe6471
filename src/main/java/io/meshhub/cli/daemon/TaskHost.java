package io.meshhub.cli.daemon;

import io.meshhub.scheduler.TaskStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The tasks this daemon runs, and what the hub's frames do to them: spawn (worktree, then the agent), messages,
 * interrupt, pause and resume, the worktree commands, and {@code NOT_ASSIGNED}. The map of tasks lives on the
 * daemon's event loop; git and process work runs on workers, and the agents' output arrives from their reader
 * threads through the context.
 */
final class TaskHost {

  private static final Logger log = LoggerFactory.getLogger(TaskHost.class);
  /** SIGTERM first; what still runs this long after is killed. */
  static final long STOP_GRACE_MS = 10_000;
  /** Output entries are cut to this many characters (a frame must stay under the hub's 1 MiB). */
  private static final int MAX_OUTPUT_CHARS = 256 * 1024;
  private static final Set<String> WORKTREE_COMMANDS = Set.of("createCheckpoint", "getTaskDiff", "readFile",
    "createBranch", "mergeTaskToTarget", "createPR", "rewindCode");

  /** One task on this daemon: its spawn frame, its agent once started, and whether it is being stopped. */
  private static final class Running {
    final Spawn spawn;
    AgentProcess agent;
    String stopReason;
    boolean forgotten;

    Running(Spawn spawn) {
      this.spawn = spawn;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final AgentRunner runner;
  private final Workspaces workspaces;
  private final WorktreeCommands commands;
  private final Map<String, Running> tasks = new HashMap<>();
  private HubLink link;

  TaskHost(Vertx vertx, Context context, AgentRunner runner, Workspaces workspaces) {
    this.vertx = vertx;
    this.context = context;
    this.runner = runner;
    this.workspaces = workspaces;
    this.commands = new WorktreeCommands(workspaces);
  }

  void attach(HubLink link) {
    this.link = link;
  }

  Collection<String> runningTaskIds() {
    return List.copyOf(tasks.keySet());
  }

  void onHubFrame(JsonObject frame) {
    String type = frame.getString("type", "");
    String taskId = frame.getString("taskId");
    switch (type) {
      case "spawnTask" -> spawn(Spawn.fromJson(frame));
      case "sendMessage" -> message(taskId, frame.getString("message", ""));
      case "interruptTask" -> interrupt(taskId, frame.getString("reason", "interrupted by the hub"));
      case "pauseTask" -> pauseOrResume(taskId, true);
      case "resumeTask" -> pauseOrResume(taskId, false);
      case "error" -> forgetIfNotAssigned(frame);
      default -> {
        if (WORKTREE_COMMANDS.contains(type)) {
          blocking(() -> commands.run(frame, this::reportFromWorker)).onSuccess(link::answer);
        } else {
          log.warn("Ignoring a frame of unknown type {}", type);
        }
      }
    }
  }

  private void spawn(Spawn spawn) {
    String taskId = spawn.taskId();
    if (tasks.containsKey(taskId)) {
      link.send(status(taskId, TaskStatus.RUNNING));
      return;
    }
    Running task = new Running(spawn);
    tasks.put(taskId, task);
    blocking(() -> runner.start(spawn, entry -> context.runOnContext(v -> output(task, entry)),
        sessionId -> context.runOnContext(v -> sessionStarted(task, sessionId))))
      .onSuccess(agent -> {
        task.agent = agent;
        agent.exited().thenAccept(code -> context.runOnContext(v -> exited(task, code)));
        if (task.forgotten) {
          blocking(() -> stop(agent));
        } else if (task.stopReason != null) {
          stopAndReport(task);
        } else {
          link.send(status(taskId, TaskStatus.RUNNING));
        }
      })
      .onFailure(failure -> {
        tasks.remove(taskId);
        log.warn("Task {} could not start: {}", taskId, failure.getMessage());
        if (!task.forgotten) {
          link.send(complete(taskId, false, null, "the daemon could not start the task: " + failure.getMessage()));
        }
      });
  }

  private void output(Running task, JsonObject entry) {
    if (!task.forgotten) {
      link.send(fitted(entry.copy().put("type", "taskOutput").put("taskId", task.spawn.taskId())));
    }
  }

  /** The hub refuses frames over 1 MiB: a huge output line is cut, and a huge tool input left out, to fit. */
  private static JsonObject fitted(JsonObject frame) {
    String content = frame.getString("content", "");
    if (content.length() > MAX_OUTPUT_CHARS) {
      frame.put("content", content.substring(0, MAX_OUTPUT_CHARS) + "\n[… output cut by the daemon]");
    }
    if (frame.encode().length() > MAX_OUTPUT_CHARS * 2) {
      frame.remove("toolInput");
    }
    return frame;
  }

  /** The agent's session id is kept here and with the hub, so that a retry anywhere resumes the session. */
  private void sessionStarted(Running task, String sessionId) {
    if (!task.forgotten) {
      link.send(new JsonObject().put("type", "conversation").put("taskId", task.spawn.taskId())
        .put("messages", new JsonArray().add(new JsonObject().put("id", sessionId).put("role", "system")
          .put("content", "agent session started").put("sessionId", sessionId))));
    }
  }

  private void exited(Running task, int code) {
    String taskId = task.spawn.taskId();
    if (task.stopReason != null || task.forgotten) {
      return;
    }
    boolean success = code == 0;
    blocking(() -> runner.publish(task.spawn, success)).onComplete(published -> {
      tasks.remove(taskId);
      String summary = task.agent == null ? null : runner.summaryOf(task.agent);
      link.send(complete(taskId, success, summary, success ? null : "the agent exited with status " + code)
        .put("worktreePath", workspaces.worktreePath(taskId).toString()));
      if (published.failed()) {
        log.warn("Task {}: its branch could not be pushed: {}", taskId, published.cause().getMessage());
      }
    });
  }

  /** A message for the agent: appended to its inbox file, and written to its stdin where the preset keeps it open. */
  private void message(String taskId, String text) {
    Running task = tasks.get(taskId);
    if (task == null) {
      return;
    }
    blocking(() -> {
      runner.appendToInbox(taskId, text + "\n");
      if (task.agent != null) {
        task.agent.write(text);
      }
      return null;
    });
  }

  /**
   * Stops the agent and its whole process tree, then reports the task failed as interrupted. A task still being
   * prepared is stopped as soon as its agent has started.
   */
  private void interrupt(String taskId, String reason) {
    Running task = tasks.get(taskId);
    if (task == null || task.stopReason != null) {
      return;
    }
    task.stopReason = reason;
    if (task.agent != null) {
      stopAndReport(task);
    }
  }

  private void stopAndReport(Running task) {
    String taskId = task.spawn.taskId();
    blocking(() -> stop(task.agent)).onComplete(stopped -> {
      tasks.remove(taskId);
      if (!task.forgotten) {
        link.send(complete(taskId, false, runner.summaryOf(task.agent), "interrupted: " + task.stopReason));
      }
    });
  }

  private void pauseOrResume(String taskId, boolean pause) {
    Running task = tasks.get(taskId);
    if (task == null || task.agent == null || task.stopReason != null) {
      return;
    }
    blocking(() -> {
      if (pause) {
        task.agent.pauseTree();
      } else {
        task.agent.resumeTree();
      }
      return null;
    }).onSuccess(done -> link.send(status(taskId, pause ? TaskStatus.PAUSED : TaskStatus.RUNNING)));
  }

  /** The hub gave the task to another daemon: stop it at once, report nothing more about it. */
  private void forgetIfNotAssigned(JsonObject frame) {
    if (!"NOT_ASSIGNED".equals(frame.getString("code"))) {
      return;
    }
    Running task = tasks.remove(frame.getString("taskId"));
    if (task != null) {
      log.info("Task {} is not assigned to this daemon any more; stopping it", task.spawn.taskId());
      task.forgotten = true;
      if (task.agent != null) {
        blocking(() -> stop(task.agent));
      }
    }
  }

  /** Stops every agent (the daemon is shutting down); their tasks are retried by the hub. */
  Future<Void> stopAll() {
    List<Running> all = List.copyOf(tasks.values());
    all.forEach(task -> task.forgotten = true);
    return Future.all(all.stream().filter(task -> task.agent != null)
      .map(task -> blocking(() -> stop(task.agent))).toList()).mapEmpty();
  }

  private static Void stop(AgentProcess agent) {
    agent.stopTree(STOP_GRACE_MS);
    return null;
  }

  private void reportFromWorker(JsonObject report) {
    context.runOnContext(v -> link.send(report));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(() -> {
      try {
        return work.call();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, false);
  }

  private static JsonObject status(String taskId, TaskStatus status) {
    return new JsonObject().put("type", "taskStatus").put("taskId", taskId).put("status", status.wire());
  }

  private static JsonObject complete(String taskId, boolean success, String summary, String error) {
    JsonObject frame = new JsonObject().put("type", "taskComplete").put("taskId", taskId).put("success", success);
    if (summary != null) {
      frame.put("outputSummary", summary);
    }
    if (error != null) {
      frame.put("errorMessage", error);
    }
    return frame;
  }
}
