package io.meshhub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hub node as a process of its own ({@code meshhub serve} from this build's classes), so that a test can kill it
 * for real: SIGKILL, no shutdown hook, no goodbye to its daemons.
 */
public final class HubProcess {

  private final Process process;

  private HubProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts a node with these settings (as {@code -D} properties) and returns once it says it is ready; its output
   * is appended to {@code log}.
   */
  public static HubProcess start(Map<String, String> settings, Path log) {
    List<String> command = new ArrayList<>(List.of(MeshhubProcess.java(), "-Xmx512m",
      "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"));
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.meshhub.Main", "serve"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      Thread reader = new Thread(() -> copyUntilEnd(process, log, ready), "hub-process-output");
      reader.setDaemon(true);
      reader.start();
      ready.get(120, TimeUnit.SECONDS);
      return new HubProcess(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new AssertionError("the hub process did not become ready; see " + log, e);
    }
  }

  /** Copies the node's output to the log; the line announcing it ready completes {@code ready}. */
  private static void copyUntilEnd(Process process, Path log, CompletableFuture<Void> ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (line.startsWith("meshhub ready at")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IllegalStateException("the hub process ended before it was ready"));
  }

  /** kill -9: the node dies mid-work, as a crashed machine would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
