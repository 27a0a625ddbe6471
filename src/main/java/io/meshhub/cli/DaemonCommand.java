package io.meshhub.cli;

import io.meshhub.cli.daemon.ReferenceDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code meshhub daemon}: runs the reference daemon until it is stopped (SIGTERM, Ctrl-C). */
@Command(name = "daemon", mixinStandardHelpOptions = true,
  description = "Run agents for a hub: connect, take tasks, run them in git worktrees.")
public final class DaemonCommand implements Callable<Integer> {

  @Option(names = "--hub", paramLabel = "URL", defaultValue = "${env:MESHHUB_URL:-http://127.0.0.1:8080}",
    description = "Hub URL (env MESHHUB_URL, default ${DEFAULT-VALUE}).")
  String hubUrl;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MESHHUB_API_KEY}",
    description = "The owner's API key (env MESHHUB_API_KEY).")
  String apiKey;

  @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "2", description = "Tasks run at once (default 2).")
  int maxTasks;

  @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "${sys:user.home}/.meshhub/daemon",
    description = "Clones, worktrees and the daemon's identity (default ${DEFAULT-VALUE}).")
  Path workdir;

  @Option(names = "--agent", paramLabel = "AGENT", defaultValue = "claude",
    description = "claude, codex, aider or command (default ${DEFAULT-VALUE}).")
  String agent;

  @Option(names = "--agent-command", paramLabel = "CMD",
    description = "The command of the command agent (run with sh -c), or the path of the claude / codex / aider tool.")
  String agentCommand;

  @Option(names = "--hostname", paramLabel = "H", description = "Name shown to the owner (default: this host's).")
  String hostname;

  @Option(names = "--keep-worktrees-hours", paramLabel = "H", defaultValue = "24",
    description = "Finished worktrees are removed after this many hours (default ${DEFAULT-VALUE}).")
  long keepWorktreesHours;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (apiKey == null || apiKey.isBlank()) {
      spec.commandLine().getErr().println("error: an API key is needed (--api-key or MESHHUB_API_KEY)");
      return HubCommand.USAGE;
    }
    if (maxTasks < 1) {
      spec.commandLine().getErr().println("error: --max-tasks must be at least 1");
      return HubCommand.USAGE;
    }
    ReferenceDaemon daemon;
    try {
      daemon = ReferenceDaemon.start(new ReferenceDaemon.Options(hubUrl, apiKey, maxTasks, workdir, agent,
        agentCommand, hostname != null ? hostname : localHostname(), keepWorktreesHours, Versions.current()));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return HubCommand.USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("the daemon did not stop cleanly: " + e);
      }
    }, "meshhub-daemon-shutdown"));
    Thread.currentThread().join();
    return 0;
  }

  private static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
