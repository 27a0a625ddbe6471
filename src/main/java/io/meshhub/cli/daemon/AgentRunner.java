package io.meshhub.cli.daemon;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Starts an agent for a spawned task: its worktree ready, the plan on its standard input (and in a file for tools
 * that read one), the {@code MESHHUB_*} environment with the task's tool key — never the owner's API key — and the
 * {@code meshhub} launcher first on its {@code PATH}. Blocking: called on workers.
 */
final class AgentRunner {

  private final Path workdir;
  private final AgentPreset preset;
  private final String agentCommand;
  private final String hubUrl;
  private final Path launcherDir;
  private final Workspaces workspaces;
  private final Map<Long, AgentPreset.OutputReader> readers = new ConcurrentHashMap<>();

  AgentRunner(Path workdir, AgentPreset preset, String agentCommand, String hubUrl, Path launcherDir,
              Workspaces workspaces) {
    this.workdir = workdir;
    this.preset = preset;
    this.agentCommand = agentCommand;
    this.hubUrl = hubUrl;
    this.launcherDir = launcherDir;
    this.workspaces = workspaces;
  }

  /**
   * Prepares the worktree and starts the agent. Each output line becomes entries for {@code onOutput}; the first
   * time the agent names its session, {@code onSession} hears it.
   */
  AgentProcess start(Spawn spawn, Consumer<JsonObject> onOutput, Consumer<String> onSession) throws IOException {
    Workspaces.Worktree tree = workspaces.prepare(spawn.taskId(), spawn.repoUrl(), spawn.baseBranch(),
      spawn.supervisorWorktreeTaskId(), spawn.patchData(), spawn.patchBaseSha());
    Path planFile = write(workdir.resolve("plans").resolve(spawn.taskId() + ".md"), spawn.plan());
    Path inbox = appendToInbox(spawn.taskId(), "");
    String resume = spawn.resumeSession() ? previousSession(spawn) : null;
    AgentPreset.OutputReader reader = preset.newReader();
    String[] knownSession = {resume};
    AgentProcess agent = AgentProcess.start(preset.commandLine(new AgentPreset.Launch(agentCommand, resume,
      planFile)), tree.path(), environment(spawn, inbox), spawn.plan(), false, line -> {
        reader.read(line).forEach(onOutput);
        String session = reader.sessionId();
        if (session != null && !session.equals(knownSession[0])) {
          knownSession[0] = session;
          rememberSession(spawn.taskId(), session);
          onSession.accept(session);
        }
      });
    readers.put(agent.pid(), reader);
    return agent;
  }

  /** What the agent's reader made of its output, for {@code outputSummary}; asked once, when the agent ended. */
  String summaryOf(AgentProcess agent) {
    AgentPreset.OutputReader reader = readers.remove(agent.pid());
    return reader == null ? null : reader.summary();
  }

  /** A successful task's branch goes back to the repository it came from, unless its contract is local only. */
  Void publish(Spawn spawn, boolean success) {
    boolean ownWorktree = !Files.isSymbolicLink(workspaces.worktreePath(spawn.taskId()));
    if (success && spawn.hasRepository() && !spawn.localOnly() && ownWorktree) {
      workspaces.push(spawn.taskId());
    }
    return null;
  }

  /**
   * Appends to the task's inbox, made if missing. A message may come before the agent starts (a restored supervisor's
   * notice follows its spawn at once): it waits in the inbox, never overwritten.
   */
  Path appendToInbox(String taskId, String text) throws IOException {
    Path inbox = inboxOf(taskId);
    Files.createDirectories(inbox.getParent());
    return Files.writeString(inbox, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  Path inboxOf(String taskId) {
    return workdir.resolve("inbox").resolve(taskId);
  }

  private Map<String, String> environment(Spawn spawn, Path inbox) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.remove("MESHHUB_API_KEY");
    environment.put("MESHHUB_URL", spawn.hubUrl() != null ? spawn.hubUrl() : hubUrl);
    environment.put("MESHHUB_TOOL_KEY", spawn.toolKey() == null ? "" : spawn.toolKey());
    environment.put("MESHHUB_TASK_ID", spawn.taskId());
    environment.put("MESHHUB_CONTRACT_ID", spawn.contractId() == null ? "" : spawn.contractId());
    environment.put("MESHHUB_DIRECTIVE_ID", spawn.directiveId() == null ? "" : spawn.directiveId());
    environment.put("MESHHUB_INBOX", inbox.toString());
    String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("PATH", launcherDir + java.io.File.pathSeparator + path);
    return environment;
  }

  /** The session to resume: the one this daemon saw for the task, else the one the hub kept. */
  private String previousSession(Spawn spawn) {
    Path file = workdir.resolve("sessions").resolve(spawn.taskId());
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
    } catch (IOException e) {
      // Fall back to what the hub kept.
    }
    return spawn.previousSessionId();
  }

  private void rememberSession(String taskId, String sessionId) {
    try {
      write(workdir.resolve("sessions").resolve(taskId), sessionId);
    } catch (IOException e) {
      // The hub keeps the session id too (the conversation report); this copy only saves a round trip.
    }
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
