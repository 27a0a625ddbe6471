package io.meshhub.cli.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading a task's files for the hub ({@code readFile}): a supervisor may read its workers' worktrees, and nothing
 * outside them — whatever the path, and wherever a symlink in the worktree points. Blocking.
 */
final class WorktreeFiles {

  private final Workspaces workspaces;

  WorktreeFiles(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /**
   * A file of the worktree, or empty when it does not exist. Only paths inside the worktree are read: absolute
   * paths, drive letters, backslashes, {@code ..} and symlinks that resolve outside are refused.
   */
  Optional<String> read(String taskId, String filePath) {
    Path root = workspaces.worktreePath(taskId);
    Path file = inside(root, filePath);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        throw new IllegalArgumentException("path " + filePath + " resolves outside the worktree");
      }
      return Optional.of(Files.readString(real));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path inside(Path root, String filePath) {
    if (filePath == null || filePath.isBlank() || filePath.startsWith("/") || filePath.contains("\\")
      || filePath.startsWith("~") || filePath.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException("path " + filePath + " is not a relative path inside the worktree");
    }
    try {
      Path relative = Path.of(filePath);
      for (Path part : relative) {
        if (part.toString().equals("..")) {
          throw new IllegalArgumentException("path " + filePath + " climbs out of the worktree");
        }
      }
      return root.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("path " + filePath + " is not a valid path");
    }
  }
}
