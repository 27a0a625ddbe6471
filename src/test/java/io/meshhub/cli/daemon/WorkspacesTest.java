package io.meshhub.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshhub.support.GitRepo;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The daemon's worktrees on real git: reads stay inside, checkpoints carry what a retry elsewhere restores. */
class WorkspacesTest {

  @TempDir
  Path dir;

  private GitRepo repo;
  private Workspaces workspaces;
  private final String taskId = UUID.randomUUID().toString();

  @BeforeEach
  void worktree() {
    repo = GitRepo.create(dir.resolve("repo"));
    workspaces = new Workspaces(dir.resolve("daemon"));
    workspaces.prepare(taskId, repo.path().toString(), null, null, null, null);
  }

  @Test
  void readFileReadsInsideTheWorktreeOnly() throws IOException {
    Path worktree = workspaces.worktreePath(taskId);
    Files.writeString(worktree.resolve("notes.txt"), "inside");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(worktree.resolve("escape"), secret);
    Files.createDirectories(worktree.resolve("docs"));
    Files.createSymbolicLink(worktree.resolve("docs/link"), worktree.resolve("notes.txt"));

    assertThat(new WorktreeFiles(workspaces).read(taskId, "notes.txt")).contains("inside");
    assertThat(new WorktreeFiles(workspaces).read(taskId, "README.md")).hasValueSatisfying(text -> assertThat(text)
      .contains("test repository"));
    assertThat(new WorktreeFiles(workspaces).read(taskId, "docs/link")).as("a link that stays inside")
      .contains("inside");
    assertThat(new WorktreeFiles(workspaces).read(taskId, "missing.txt")).isEmpty();
    for (String refused : List.of("../secret.txt", "docs/../../secret.txt", secret.toString(), "/etc/hostname",
      "escape", "..\\secret.txt", "C:/secret.txt", "~/secret.txt", "")) {
      assertThatThrownBy(() -> new WorktreeFiles(workspaces).read(taskId, refused)).as(refused)
        .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aRefusedReadIsAFailedCommandResultThatLeaksNothing() throws IOException {
    Files.createSymbolicLink(workspaces.worktreePath(taskId).resolve("escape"),
      Files.writeString(dir.resolve("secret.txt"), "outside"));
    JsonObject result = new WorktreeCommands(workspaces).run(new JsonObject().put("type", "readFile")
      .put("commandId", "c1").put("taskId", taskId).put("filePath", "escape"), report -> { });
    assertThat(result.getString("type")).isEqualTo("commandResult");
    assertThat(result.getString("commandId")).isEqualTo("c1");
    assertThat(result.getBoolean("success")).isFalse();
    assertThat(result.getString("message")).contains("outside the worktree");
    assertThat(result.encode()).doesNotContain("outside\"");
  }

  @Test
  void aCheckpointRestoresItsChangesInANewWorktreeElsewhere() throws IOException {
    Files.writeString(workspaces.worktreePath(taskId).resolve("half.txt"), "half done");
    List<JsonObject> reports = new ArrayList<>();
    JsonObject result = new WorktreeCommands(workspaces).run(new JsonObject().put("type", "createCheckpoint")
      .put("commandId", "c2").put("taskId", taskId).put("message", "half"), reports::add);
    assertThat(result.getBoolean("success")).as(result.encode()).isTrue();
    JsonObject checkpoint = reports.get(0);
    assertThat(checkpoint.getString("type")).isEqualTo("checkpointCreated");
    assertThat(checkpoint.getInteger("filesChanged")).isEqualTo(1);
    assertThat(checkpoint.getInteger("linesAdded")).isEqualTo(1);
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(checkpoint.getString("patchBaseSha"));

    Workspaces elsewhere = new Workspaces(dir.resolve("other-daemon"));
    elsewhere.prepare(taskId, repo.path().toString(), null, null, checkpoint.getString("patchData"),
      checkpoint.getString("patchBaseSha"));
    assertThat(elsewhere.worktreePath(taskId).resolve("half.txt")).hasContent("half done");
  }

  @Test
  void aConflictingMergeLeavesTheTargetUntouched() throws IOException {
    Files.writeString(workspaces.worktreePath(taskId).resolve("README.md"), "the task's version\n");
    new WorktreeCommands(workspaces).run(new JsonObject().put("type", "createCheckpoint").put("commandId", "c3")
      .put("taskId", taskId).put("message", "edit"), report -> { });
    Path clone = workspaces.open(taskId).repository();
    String before = runGit(clone, "rev-parse", "main");
    String other = UUID.randomUUID().toString();
    workspaces.prepare(other, repo.path().toString(), null, null, null, null);
    Files.writeString(workspaces.worktreePath(other).resolve("README.md"), "another version\n");
    new WorktreeCommands(workspaces).run(new JsonObject().put("type", "createCheckpoint").put("commandId", "c4")
      .put("taskId", other).put("message", "edit"), report -> { });

    JsonObject first = new WorktreeCommands(workspaces).run(new JsonObject().put("type", "mergeTaskToTarget")
      .put("commandId", "c5").put("taskId", taskId).put("targetBranch", "main"), report -> { });
    assertThat(first.getBoolean("success")).as(first.encode()).isTrue();
    String merged = runGit(clone, "rev-parse", "main");
    assertThat(merged).isNotEqualTo(before);

    JsonObject second = new WorktreeCommands(workspaces).run(new JsonObject().put("type", "mergeTaskToTarget")
      .put("commandId", "c6").put("taskId", other).put("targetBranch", "main"), report -> { });
    assertThat(second.getBoolean("success")).isFalse();
    assertThat(second.getJsonObject("data").getJsonArray("conflicts")).containsExactly("README.md");
    assertThat(runGit(clone, "rev-parse", "main")).isEqualTo(merged);
  }

  private static String runGit(Path dir, String... args) {
    return Git.run(dir, args).strip();
  }

  @Test
  void cleanupRemovesOldFinishedWorktreesAndKeepsRunningAndSharedOnes() throws IOException {
    String finished = UUID.randomUUID().toString();
    String sharer = UUID.randomUUID().toString();
    workspaces.prepare(finished, repo.path().toString(), null, null, null, null);
    workspaces.prepare(sharer, repo.path().toString(), null, taskId, null, null);
    FileTime longAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    for (String id : List.of(taskId, finished)) {
      Files.setLastModifiedTime(workspaces.worktreePath(id), longAgo);
    }

    int removed = new WorktreeCleanup(workspaces).removeFinishedOlderThan(60_000, List.of(sharer));

    assertThat(removed).isEqualTo(1);
    assertThat(workspaces.worktreePath(finished)).doesNotExist();
    assertThat(workspaces.worktreePath(taskId)).as("shared with a running task").isDirectory();
    assertThat(workspaces.worktreePath(sharer)).isSymbolicLink();
    assertThat(runGit(workspaces.open(taskId).repository(), "worktree", "list")).doesNotContain(finished);
  }
}
