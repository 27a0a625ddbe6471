package io.meshhub.cli.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code git} binary, run in a directory. Blocking: callers run it on a worker thread, never on an event loop.
 * Worktrees, patches and merges are git CLI features, and the CLI is what the owner's own git setup (credentials,
 * hooks, config) applies to.
 */
final class Git {

  /** A git command that exited non-zero; the message is what git said. */
  static final class GitException extends RuntimeException {
    GitException(String message) {
      super(message, null, false, false);
    }
  }

  private static final long TIMEOUT_MINUTES = 10;

  private Git() {
  }

  /** Runs git with these arguments in {@code dir}; returns standard output, throws with standard error. */
  static String run(Path dir, String... args) {
    return run(dir, null, args);
  }

  /** Same, with {@code input} written to git's standard input. */
  static String run(Path dir, byte[] input, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // Never stop to ask for credentials on a terminal nobody watches.
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    try {
      Process process = builder.start();
      CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input);
        }
      }
      String output = read(process.getInputStream());
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new GitException("git " + args[0] + " did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        String said = errors.join().strip();
        throw new GitException("git " + args[0] + " failed: " + (said.isEmpty() ? output.strip() : said));
      }
      return output;
    } catch (IOException e) {
      throw new GitException("cannot run git: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while git " + args[0] + " ran");
    }
  }

  /** Whether the command succeeds (for questions like "is there anything to commit"). */
  static boolean succeeds(Path dir, String... args) {
    try {
      run(dir, args);
      return true;
    } catch (GitException e) {
      return false;
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
