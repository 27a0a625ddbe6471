package io.meshhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository made by a test, on branch {@code main} with one commit. */
public record GitRepo(Path path) {

  public static GitRepo create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.email", "test@meshhub.invalid");
    repo.git("config", "user.name", "test");
    try {
      Files.writeString(dir.resolve("README.md"), "# test repository\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    repo.git("add", "README.md");
    repo.git("commit", "-q", "-m", "initial commit");
    return repo;
  }

  /** Runs git in the repository and returns what it printed. */
  public String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(path.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
