package io.meshhub.bench;

import io.meshhub.support.MeshhubProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process a benchmark starts — a {@link LoadGenerator}, a hub from its jar — whose output lines the benchmark's
 * main thread reads as milestones.
 */
final class BenchProcess implements AutoCloseable {

  private static final String END = "\u0000end";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private BenchProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readLines, "load-generator-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code LoadGenerator} with these arguments in a JVM of its own; its errors go to this process's. */
  static BenchProcess generator(String heap, String... args) {
    List<String> command = new ArrayList<>(List.of(
      MeshhubProcess.java(), "-Xmx" + heap, "-Dlogback.configurationFile=src/bench/logback-bench.xml",
      "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName()));
    command.addAll(List.of(args));
    return start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT));
  }

  /** Starts this command; its output and errors are read as its lines. */
  static BenchProcess of(List<String> command) {
    return start(new ProcessBuilder(command).redirectErrorStream(true));
  }

  private static BenchProcess start(ProcessBuilder builder) {
    try {
      return new BenchProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line starting with {@code prefix}, without it; fails when the generator ends or takes too long. */
  String await(String prefix, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || END.equals(line)) {
        throw new IllegalStateException("the process " + (line == null ? "took too long" : "ended")
          + " before saying '" + prefix + "'");
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
  }

  /** Closes its standard input (a generator exits then) and waits for it. */
  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Writes a line to its standard input. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** The CPU milliseconds it has spent so far, -1 when they cannot be read. */
  double cpuMillis() {
    return Bench.CpuClock.processMillis(process.pid());
  }

  /** Asks it to stop (SIGTERM: a hub's shutdown hook runs) and waits for it to end. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private void readLines() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process ended; the END below says so.
    }
    lines.add(END);
  }
}
