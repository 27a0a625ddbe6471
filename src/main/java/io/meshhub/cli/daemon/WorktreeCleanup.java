package io.meshhub.cli.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Finished worktrees do not pile up: those untouched for {@code --keep-worktrees-hours} are removed. Blocking. */
final class WorktreeCleanup {

  private final Workspaces workspaces;

  WorktreeCleanup(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /**
   * Removes the worktrees of tasks that are not running and have not changed for {@code keepMs}, and the scratch
   * files beside them. A supervisor's shared worktree is kept while a running task still links to it.
   */
  int removeFinishedOlderThan(long keepMs, Collection<String> running) {
    Path worktrees = workspaces.worktreesDir();
    if (!Files.isDirectory(worktrees)) {
      return 0;
    }
    long cutoff = System.currentTimeMillis() - keepMs;
    Set<String> inUse = new HashSet<>(running);
    running.forEach(taskId -> {
      try {
        Path path = workspaces.worktreePath(taskId);
        if (Files.isSymbolicLink(path)) {
          inUse.add(Files.readSymbolicLink(path).getFileName().toString());
        }
      } catch (IOException e) {
        // A link that cannot be read keeps nothing alive.
      }
    });
    int removed = 0;
    try (var entries = Files.list(worktrees)) {
      for (Path entry : entries.filter(path -> !path.getFileName().toString().contains(".")).toList()) {
        String taskId = entry.getFileName().toString();
        if (inUse.contains(taskId) || Files.getLastModifiedTime(entry).toMillis() > cutoff) {
          continue;
        }
        if (!Files.isSymbolicLink(entry) && Files.exists(entry.resolve(".git"))) {
          Workspaces.Worktree tree = workspaces.open(taskId);
          synchronized (workspaces.lockOf(tree.repository())) {
            Git.succeeds(tree.repository(), "worktree", "remove", "--force", entry.toString());
          }
        }
        deleteTree(entry);
        Files.deleteIfExists(worktrees.resolve(taskId + ".base"));
        removed++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  private static void deleteTree(Path path) throws IOException {
    if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
      Files.deleteIfExists(path);
      return;
    }
    try (var children = Files.list(path)) {
      for (Path child : children.toList()) {
        deleteTree(child);
      }
    }
    Files.delete(path);
  }
}
