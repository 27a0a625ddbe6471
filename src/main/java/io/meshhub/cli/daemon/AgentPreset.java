package io.meshhub.cli.daemon;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How the daemon runs one kind of agent: the command line, and the reader that turns the agent's output lines into
 * {@code taskOutput} entries. {@code command} runs any shell command; {@code claude}, {@code codex} and
 * {@code aider} run those tools headless in their machine-readable output modes.
 */
enum AgentPreset {

  COMMAND(OutputReaders.Lines::new) {
    @Override
    List<String> commandLine(Launch launch) {
      if (launch.agentCommand() == null || launch.agentCommand().isBlank()) {
        throw new IllegalArgumentException("the command preset needs --agent-command");
      }
      return List.of("sh", "-c", launch.agentCommand());
    }
  },

  CLAUDE(OutputReaders.Claude::new) {
    @Override
    List<String> commandLine(Launch launch) {
      List<String> line = new ArrayList<>(List.of(executable(launch, "claude"), "-p", "--output-format",
        "stream-json", "--verbose"));
      if (launch.resumeSessionId() != null) {
        line.add("--resume");
        line.add(launch.resumeSessionId());
      }
      return line;
    }
  },

  CODEX(OutputReaders.Codex::new) {
    @Override
    List<String> commandLine(Launch launch) {
      // The prompt comes on stdin ("-"); a retry continues the recorded thread with `exec resume`.
      return launch.resumeSessionId() == null ? List.of(executable(launch, "codex"), "exec", "--json", "-")
        : List.of(executable(launch, "codex"), "exec", "resume", "--json", launch.resumeSessionId(), "-");
    }
  },

  AIDER(OutputReaders.Lines::new) {
    @Override
    List<String> commandLine(Launch launch) {
      return List.of(executable(launch, "aider"), "--yes-always", "--no-pretty", "--no-stream", "--message-file",
        launch.planFile().toString());
    }
  };

  /** What a run needs to build its command line. */
  record Launch(String agentCommand, String resumeSessionId, Path planFile) {
  }

  /** Reads an agent's output, one line at a time (from one thread). */
  interface OutputReader {
    /** The {@code taskOutput} entries (messageType, content, toolName, …) this line makes; often one. */
    List<JsonObject> read(String line);

    /** The agent's session id, once it has said it; a retry resumes it. */
    String sessionId();

    /** What {@code outputSummary} says at the end: the last assistant message, or the last lines of output. */
    String summary();
  }

  private final Supplier<OutputReader> reader;

  AgentPreset(Supplier<OutputReader> reader) {
    this.reader = reader;
  }

  abstract List<String> commandLine(Launch launch);

  OutputReader newReader() {
    return reader.get();
  }

  /** The tool's executable: {@code --agent-command} may name another path to it. */
  private static String executable(Launch launch, String tool) {
    return launch.agentCommand() == null || launch.agentCommand().isBlank() ? tool : launch.agentCommand();
  }

  static AgentPreset fromName(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown agent " + name + "; one of claude, codex, aider, command");
    }
  }
}
