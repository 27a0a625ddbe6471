package io.meshhub.cli.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's git work, all blocking (callers run it on workers): repositories cloned once into
 * {@code <workdir>/repos/} and fetched on later use, one worktree per task at {@code <workdir>/worktrees/<taskId>}
 * on branch {@code meshhub/<taskId>}, and what the hub's commands do in them. The main checkout of each clone stays
 * detached, so that any branch can be checked out in a worktree.
 */
final class Workspaces {

  /** A task's worktree: where it is, the commit its work started from, and the clone it belongs to. */
  record Worktree(Path path, String baseSha, Path repository) {
    boolean hasRepository() {
      return repository != null;
    }
  }

  /** What a checkpoint commit changed, and the whole patch from the base that a retry resumes from. */
  record Checkpoint(String commitSha, String branchName, int filesChanged, int linesAdded, int linesRemoved,
                    String patchData, String patchBaseSha) {
  }

  /** The outcome of a merge: the merge commit, or the conflicting files (and nothing merged). */
  record Merge(String commitSha, List<String> conflicts) {
  }

  private static final Pattern SHORTSTAT = Pattern.compile(
    "(\\d+) files? changed(?:, (\\d+) insertions?\\(\\+\\))?(?:, (\\d+) deletions?\\(-\\))?");

  private final Path repos;
  private final Path worktrees;
  private final Map<Path, Object> cloneLocks = new ConcurrentHashMap<>();

  Workspaces(Path workdir) {
    this.repos = workdir.resolve("repos");
    this.worktrees = workdir.resolve("worktrees");
  }

  static String branchOf(String taskId) {
    return "meshhub/" + taskId;
  }

  Path worktreePath(String taskId) {
    return worktrees.resolve(taskId);
  }

  /** Where the worktrees are, with the base commits of their tasks beside them. */
  Path worktreesDir() {
    return worktrees;
  }

  /**
   * The worktree a task runs in: its supervisor's when it shares one, the one it already has (a retry on this
   * daemon), else a new one from the base branch with the previous attempt's checkpoint patch applied.
   */
  Worktree prepare(String taskId, String repoUrl, String baseBranch, String sharedWithTaskId, String patchData,
                   String patchBaseSha) {
    Path path = worktreePath(taskId);
    if (Files.isDirectory(path)) {
      return open(taskId);
    }
    if (sharedWithTaskId != null && Files.isDirectory(worktreePath(sharedWithTaskId))) {
      return share(taskId, sharedWithTaskId);
    }
    if (repoUrl == null || repoUrl.isBlank()) {
      createDirectories(path);
      return new Worktree(path, null, null);
    }
    Path clone = cloneOrFetch(repoUrl);
    String base = baseBranch == null || baseBranch.isBlank() ? defaultBranch(clone) : baseBranch;
    String startAt = Git.run(clone, "rev-parse", "origin/" + base + "^{commit}").strip();
    boolean resumes = patchData != null && !patchData.isBlank();
    if (resumes && patchBaseSha != null && Git.succeeds(clone, "cat-file", "-e", patchBaseSha + "^{commit}")) {
      startAt = patchBaseSha;
    }
    synchronized (lockOf(clone)) {
      Git.run(clone, "worktree", "add", "-B", branchOf(taskId), path.toString(), startAt);
    }
    writeBase(taskId, startAt);
    if (resumes) {
      Git.run(path, Base64.getDecoder().decode(patchData), "apply", "--index", "--binary", "-");
      Git.run(path, "commit", "--allow-empty", "-m", "Restore the checkpoint of task " + taskId);
    }
    return new Worktree(path, startAt, clone);
  }

  /** The supervisor's worktree, under the task's own name too, so that commands about the task find it. */
  private Worktree share(String taskId, String supervisorTaskId) {
    try {
      Files.createSymbolicLink(worktreePath(taskId), worktreePath(supervisorTaskId).getFileName());
      Path base = worktrees.resolve(supervisorTaskId + ".base");
      if (Files.exists(base)) {
        Files.copy(base, worktrees.resolve(taskId + ".base"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return open(taskId);
  }

  /** An existing worktree (or plain directory) of a task. */
  Worktree open(String taskId) {
    Path path = worktreePath(taskId);
    if (!Files.isDirectory(path)) {
      throw new Git.GitException("task " + taskId + " has no worktree on this daemon");
    }
    if (!Files.exists(path.resolve(".git"))) {
      return new Worktree(path, null, null);
    }
    Path common = path.resolve(Git.run(path, "rev-parse", "--git-common-dir").strip()).normalize();
    return new Worktree(path, readBase(taskId, path), common.getParent());
  }

  private Path cloneOrFetch(String repoUrl) {
    Path clone = repos.resolve(directoryName(repoUrl));
    synchronized (lockOf(clone)) {
      if (Files.isDirectory(clone.resolve(".git"))) {
        Git.run(clone, "fetch", "--prune", "origin");
      } else {
        createDirectories(repos);
        Git.run(repos, "clone", "--no-checkout", repoUrl, clone.toString());
        Git.run(clone, "checkout", "--detach");
        // Commits made by the daemon and its agents need an identity; the owner's own configuration wins.
        if (!Git.succeeds(clone, "config", "user.email")) {
          Git.run(clone, "config", "user.email", "daemon@meshhub.invalid");
          Git.run(clone, "config", "user.name", "meshhub daemon");
        }
      }
    }
    return clone;
  }

  private static String defaultBranch(Path clone) {
    try {
      String ref = Git.run(clone, "symbolic-ref", "--short", "refs/remotes/origin/HEAD").strip();
      return ref.substring(ref.indexOf('/') + 1);
    } catch (Git.GitException e) {
      return "main";
    }
  }

  /** Stages everything and commits it on the task branch; the patch runs from the task's base to this commit. */
  Checkpoint checkpoint(String taskId, String message) {
    Worktree tree = requireRepository(taskId);
    Git.run(tree.path(), "add", "-A");
    Git.run(tree.path(), "commit", "--allow-empty", "-m", message == null || message.isBlank() ? "Checkpoint"
      : message);
    String sha = Git.run(tree.path(), "rev-parse", "HEAD").strip();
    Matcher stats = SHORTSTAT.matcher(Git.run(tree.path(), "show", "--shortstat", "--format=", "HEAD"));
    boolean counted = stats.find();
    byte[] patch = Git.run(tree.path(), "diff", "--binary", tree.baseSha(), "HEAD").getBytes(StandardCharsets.UTF_8);
    return new Checkpoint(sha, Git.run(tree.path(), "rev-parse", "--abbrev-ref", "HEAD").strip(),
      counted ? Integer.parseInt(stats.group(1)) : 0, counted ? number(stats.group(2)) : 0,
      counted ? number(stats.group(3)) : 0, Base64.getEncoder().encodeToString(patch), tree.baseSha());
  }

  /** The task's work against its base, uncommitted and new files included. */
  String diff(String taskId) {
    Worktree tree = requireRepository(taskId);
    Git.run(tree.path(), "add", "--intent-to-add", "-A");
    return Git.run(tree.path(), "diff", tree.baseSha());
  }

  void createBranch(String taskId, String branchName, String fromRef) {
    Worktree tree = requireRepository(taskId);
    Git.run(tree.path(), "branch", branchName, fromRef == null || fromRef.isBlank() ? "HEAD" : fromRef);
  }

  /**
   * Merges the task branch into the target branch of the clone, in a worktree of its own so that no checkout is
   * disturbed. A conflict is aborted: nothing is left half-merged.
   */
  Merge merge(String taskId, String targetBranch, boolean squash) {
    Worktree tree = requireRepository(taskId);
    Path clone = tree.repository();
    Path scratch = worktrees.resolve(".merge-" + taskId);
    if (targetBranch == null || targetBranch.isBlank()) {
      targetBranch = defaultBranch(clone);
    }
    synchronized (lockOf(clone)) {
      if (!Git.succeeds(clone, "rev-parse", "--verify", "refs/heads/" + targetBranch)) {
        Git.run(clone, "branch", targetBranch, "origin/" + targetBranch);
      }
      Git.run(clone, "worktree", "add", scratch.toString(), targetBranch);
    }
    try {
      // The branch of the task's worktree: its own, or its supervisor's when it shares that worktree.
      String branch = Git.run(tree.path(), "rev-parse", "--abbrev-ref", "HEAD").strip();
      boolean merged = squash ? Git.succeeds(scratch, "merge", "--squash", branch)
        : Git.succeeds(scratch, "merge", "--no-ff", "--no-edit", branch);
      if (!merged) {
        List<String> conflicts = Git.run(scratch, "diff", "--name-only", "--diff-filter=U").lines().toList();
        Git.succeeds(scratch, "merge", "--abort");
        Git.succeeds(scratch, "reset", "--hard", "HEAD");
        return new Merge(null, conflicts);
      }
      if (squash) {
        Git.run(scratch, "commit", "--allow-empty", "-m", "Squashed work of task " + taskId);
      }
      return new Merge(Git.run(scratch, "rev-parse", "HEAD").strip(), List.of());
    } finally {
      synchronized (lockOf(clone)) {
        Git.succeeds(clone, "worktree", "remove", "--force", scratch.toString());
      }
    }
  }

  /** Puts the worktree back to a commit, discarding what came after. */
  void rewind(String taskId, String commitSha) {
    Worktree tree = requireRepository(taskId);
    Git.run(tree.path(), "reset", "--hard", commitSha);
    Git.run(tree.path(), "clean", "-fd");
  }

  /** Publishes the task branch to the repository it came from. */
  void push(String taskId) {
    Worktree tree = requireRepository(taskId);
    Git.run(tree.path(), "push", "origin", branchOf(taskId) + ":" + branchOf(taskId));
  }

  private Worktree requireRepository(String taskId) {
    Worktree tree = open(taskId);
    if (!tree.hasRepository()) {
      throw new Git.GitException("task " + taskId + " runs without a repository");
    }
    return tree;
  }

  /** Worktree operations on one clone are serialised: git locks its administrative files. */
  Object lockOf(Path clone) {
    return cloneLocks.computeIfAbsent(clone.toAbsolutePath().normalize(), key -> new Object());
  }

  /** The commit a task's work started from, kept beside its worktree so that a restarted daemon knows it. */
  private void writeBase(String taskId, String sha) {
    try {
      Files.writeString(worktrees.resolve(taskId + ".base"), sha);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readBase(String taskId, Path worktree) {
    try {
      return Files.readString(worktrees.resolve(taskId + ".base")).strip();
    } catch (IOException e) {
      return Git.run(worktree, "rev-list", "--max-parents=0", "HEAD").lines().findFirst().orElse("HEAD");
    }
  }

  private static String directoryName(String repoUrl) {
    String name = repoUrl.replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "");
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1)
      .replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(repoUrl.getBytes(StandardCharsets.UTF_8));
      return name + "-" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int number(String group) {
    return group == null ? 0 : Integer.parseInt(group);
  }
}
