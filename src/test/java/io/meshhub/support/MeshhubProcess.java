package io.meshhub.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code meshhub} command line run as a real process of its own, from this build's classes: client commands
 * (run to their end) and daemons (kept running until stopped or killed).
 */
public final class MeshhubProcess implements AutoCloseable {

  /** What a finished command printed, and its exit status. */
  public record Result(int exitCode, String stdout, String stderr) {
  }

  private final Process process;
  private final Path log;

  private MeshhubProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  private static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      // The test class path holds conf/ twice (sources and classes): logback would say so on every start.
      "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
      "-cp", System.getProperty("java.class.path"), "io.meshhub.Main"));
    command.addAll(args);
    return command;
  }

  /** The Java running the tests. */
  public static String java() {
    return ProcessHandle.current().info().command()
      .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Runs a client command to its end (at most two minutes) with these environment variables added. */
  public static Result run(Map<String, String> environment, String... args) {
    try {
      Path out = Files.createTempFile("meshhub-cli", ".out");
      Path err = Files.createTempFile("meshhub-cli", ".err");
      ProcessBuilder builder = new ProcessBuilder(command(List.of(args))).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("meshhub " + String.join(" ", args) + " did not finish");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code meshhub daemon} with these arguments; its output goes to {@code log}. */
  public static MeshhubProcess daemon(Map<String, String> environment, Path log, String... args) {
    List<String> daemonArgs = new ArrayList<>(List.of("daemon"));
    daemonArgs.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command(daemonArgs)).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new MeshhubProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the daemon logged so far, for assertion messages. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGSTOP to the daemon's JVM alone (its agents go on): a daemon that hangs, as a zombie does. */
  public void freeze() {
    signal("-STOP");
  }

  /** SIGCONT: the frozen daemon goes on as if nothing had happened. */
  public void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill " + signal + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** kill -9 of the daemon and of every agent it started, as when its machine dies. */
  public void kill() {
    List<ProcessHandle> tree = process.toHandle().descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then waits for the daemon to stop its agents and exit. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = process.toHandle().descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
