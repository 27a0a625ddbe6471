package io.meshhub.cli.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One agent run as a child process: its output read line by line on a thread of its own, its exit status, and
 * control over its whole process tree (an agent starts shells, compilers, test runners: stopping the agent means
 * stopping all of them). Signals go to every process of the tree, the agent first.
 */
final class AgentProcess {

  /** How often the end of processes that are not our children is checked: the OS gives no event for them. */
  private static final long GONE_CHECK_MS = 50;

  private final Process process;
  private final OutputStream stdin;
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();

  private AgentProcess(Process process, OutputStream stdin) {
    this.process = process;
    this.stdin = stdin;
  }

  /**
   * Starts the command in {@code dir} with exactly this environment, writes {@code input} to its standard input (closed
   * after it unless {@code keepStdinOpen}), and hands each output line (standard error merged) to {@code onLine}.
   */
  static AgentProcess start(List<String> command, Path dir, Map<String, String> environment, String input,
                            boolean keepStdinOpen, Consumer<String> onLine) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    OutputStream stdin = process.getOutputStream();
    AgentProcess agent = new AgentProcess(process, keepStdinOpen ? stdin : null);
    Thread reader = new Thread(() -> agent.pump(onLine), "agent-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      if (!keepStdinOpen) {
        stdin.close();
      }
    } catch (IOException e) {
      // An agent that does not read its input has closed the pipe; its output says what it did instead.
    }
    return agent;
  }

  private void pump(Consumer<String> onLine) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        onLine.accept(line);
      }
    } catch (IOException e) {
      // The stream closes when the process is killed; the exit status tells the rest.
    }
    try {
      exited.complete(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exited.complete(-1);
    }
  }

  /** Completes with the exit status once the agent has exited and all its output was handed over. */
  CompletableFuture<Integer> exited() {
    return exited;
  }

  long pid() {
    return process.pid();
  }

  /** Writes a message to the agent's standard input, when the preset keeps it open; false otherwise. */
  synchronized boolean write(String message) {
    if (stdin == null) {
      return false;
    }
    try {
      stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * SIGTERM to the whole tree, SIGKILL to whatever is left after {@code graceMs}; returns once every process of
   * the tree is gone. Blocking: run on a worker.
   */
  void stopTree(long graceMs) {
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    if (!awaitGone(tree, System.currentTimeMillis() + graceMs)) {
      tree.stream().filter(AgentProcess::isRunning).forEach(ProcessHandle::destroyForcibly);
      awaitGone(tree, System.currentTimeMillis() + graceMs);
    }
    exited.join();
  }

  /** Stops (SIGSTOP) every process of the tree, parents first so that none starts new work meanwhile. */
  void pauseTree() {
    signal("-STOP", tree());
  }

  /** Continues (SIGCONT) every process of the tree. */
  void resumeTree() {
    List<ProcessHandle> tree = new ArrayList<>(tree());
    Collections.reverse(tree);
    signal("-CONT", tree);
  }

  private List<ProcessHandle> tree() {
    ProcessHandle self = process.toHandle();
    return Stream.concat(Stream.of(self), self.descendants()).filter(ProcessHandle::isAlive).toList();
  }

  private static void signal(String signal, List<ProcessHandle> processes) {
    if (processes.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", signal));
    processes.forEach(handle -> command.add(Long.toString(handle.pid())));
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal the agent: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits, up to {@code deadline}, for every process to exit: for its exit event, looking again every check
   * interval, since a zombie never sends one.
   */
  private static boolean awaitGone(List<ProcessHandle> processes, long deadline) {
    for (ProcessHandle handle : processes) {
      while (isRunning(handle)) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        try {
          handle.onExit().get(Math.min(left, GONE_CHECK_MS), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException notYet) {
          // Still there, or a zombie: isRunning tells.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Alive and not a zombie: a grandchild whose parent died is re-parented, and where nobody reaps it, it stays a
   * zombie — dead, but still "alive" to {@link ProcessHandle#isAlive()}.
   */
  static boolean isRunning(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
    try {
      String text = Files.readString(stat);
      return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return handle.isAlive();
    }
  }
}
