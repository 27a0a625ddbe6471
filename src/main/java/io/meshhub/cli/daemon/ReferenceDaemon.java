package io.meshhub.cli.daemon;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference daemon: connects to a hub, runs the tasks it is given as agent processes in git worktrees, and
 * answers the hub's commands. Everything runs on one event loop of its own Vert.x, blocking work on workers.
 */
public final class ReferenceDaemon {

  /** How the daemon is run; see {@code meshhub daemon --help}. */
  public record Options(String hubUrl, String apiKey, int maxTasks, Path workdir, String agent, String agentCommand,
                        String hostname, long keepWorktreesHours, String version) {
  }

  /** How often finished worktrees are looked at for removal. */
  private static final long SWEEP_MS = TimeUnit.HOURS.toMillis(1);

  private final Vertx vertx;
  private final Context context;
  private final HubLink link;
  private final TaskHost host;
  private long sweepTimer = -1;

  private ReferenceDaemon(Vertx vertx, Context context, HubLink link, TaskHost host) {
    this.vertx = vertx;
    this.context = context;
    this.link = link;
    this.host = host;
  }

  /** Starts the daemon; it connects (and reconnects) by itself. */
  public static ReferenceDaemon start(Options options) {
    AgentPreset preset = AgentPreset.fromName(options.agent());
    Path workdir = options.workdir().toAbsolutePath().normalize();
    Path launcherDir;
    try {
      launcherDir = Launcher.write(workdir.resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the meshhub launcher in " + workdir, e);
    }
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    Workspaces workspaces = new Workspaces(workdir);
    AgentRunner runner = new AgentRunner(workdir, preset, options.agentCommand(), options.hubUrl(), launcherDir,
      workspaces);
    TaskHost host = new TaskHost(vertx, context, runner, workspaces);
    HubLink link = new HubLink(vertx, new HubLink.Settings(options.hubUrl(), options.apiKey(), options.hostname(),
      options.maxTasks(), options.version()), new DaemonIdentity(workdir), host::runningTaskIds, host::onHubFrame);
    host.attach(link);
    ReferenceDaemon daemon = new ReferenceDaemon(vertx, context, link, host);
    WorktreeCleanup cleanup = new WorktreeCleanup(workspaces);
    long keepMs = TimeUnit.HOURS.toMillis(options.keepWorktreesHours());
    context.runOnContext(v -> {
      link.start();
      daemon.sweepTimer = vertx.setPeriodic(SWEEP_MS, tick -> {
        var running = host.runningTaskIds();
        vertx.executeBlocking(() -> cleanup.removeFinishedOlderThan(keepMs, running), false);
      });
    });
    return daemon;
  }

  /** Stops the agents and closes the session; the hub retries the tasks they were running. */
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(sweepTimer);
      host.stopAll().eventually(link::stop).onComplete(stopped);
    });
    return stopped.future().eventually(() -> vertx.close());
  }
}
