package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.DatabaseLock;
import io.meshhub.support.LogCapture;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Tasks reach an idle daemon of their owner as {@code spawnTask} as soon as they are created. The shared hub's
 * safety sweep runs every ten minutes, so every dispatch seen here was started by an event.
 */
class DispatchTest extends OwnerTest {

  @Test
  void createdTaskReachesTheIdleDaemonWithAToolKeyOfItsOwn(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.createTask(owner, task("dispatched").put("repositoryUrl", "https://example.org/repo.git")
          .put("baseBranch", "main"))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("id"))))
        .compose(spawn -> {
          assertThat(spawn.getString("commandId")).isNotBlank();
          assertThat(spawn.getString("taskName")).isEqualTo("dispatched");
          assertThat(spawn.getString("plan")).isEqualTo("Plan for dispatched");
          assertThat(spawn.getString("repoUrl")).isEqualTo("https://example.org/repo.git");
          assertThat(spawn.getString("baseBranch")).isEqualTo("main");
          assertThat(spawn.getString("hubUrl")).startsWith("http://");
          assertThat(spawn.getBoolean("resumeSession")).isFalse();
          return Future.all(
            api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-Tool-Key", spawn.getString("toolKey")).send(),
            api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + spawn.getString("taskId")));
        })
        .map(check(all -> {
          JsonObject me = expect(all.resultAt(0), 200);
          JsonObject task = expect(all.resultAt(1), 200);
          assertThat(me.getString("taskId")).isEqualTo(task.getString("id"));
          assertThat(me.getString("ownerId")).isEqualTo(owner.id().toString());
          assertThat(task.getString("status")).isEqualTo("starting");
          assertThat(task.getString("daemonId")).isEqualTo(daemon.daemonId().toString());
        }))
        .eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  /**
   * A run skips a task whose row another transaction holds (here a key-share lock, as linking a task just made to
   * its contract takes): the loop runs again by itself once the lock is gone, rather than at the next kick (the
   * test hub's sweep is ten minutes).
   */
  @Test
  void aTaskSkippedBecauseItsRowWasLockedIsStartedWithoutAnotherKick(Vertx vertx, VertxTestContext test) {
    LogCapture logs = new LogCapture();
    Future<String> skipped = logs.await(line -> line.contains("planned starts were not assigned"));
    api.createTask(owner, task("locked for a moment")).compose(created -> {
      UUID taskId = UUID.fromString(created.getString("id"));
      return DatabaseLock.take(vertx, "select id from tasks where id = ? for key share", taskId)
        .compose(lock -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1)
          .compose(daemon -> skipped.eventually(lock::release)
            .compose(released -> daemon.await("spawnTask", taskId))
            .map(check(spawn -> assertThat(spawn.getString("taskName")).isEqualTo("locked for a moment")))
            .eventually(daemon::kill)));
    }).eventually(() -> {
      logs.close();
      return Future.succeededFuture();
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aTaskOfOneOwnerNeverReachesAnotherOwnersDaemon(Vertx vertx, VertxTestContext test) {
    api.newOwner().compose(other -> TestDaemon.connect(vertx, hub.port(), other.apiKey(), 4))
      .compose(othersDaemon -> api.createTask(owner, task("mine"))
        .compose(created -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id")))
        .map(check(waiting -> assertThat(expect(waiting, 200).getString("status")).isEqualTo("pending")))
        .compose(waiting -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
        .compose(mine -> mine.await("spawnTask").map(check(spawn ->
            assertThat(othersDaemon.unclaimed("spawnTask")).isEmpty()))
          .eventually(mine::kill))
        .eventually(othersDaemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void capacityIsRespectedAndEachCompletionStartsTheNext(Vertx vertx, VertxTestContext test) {
    Promise<Void> allDone = Promise.promise();
    Set<UUID> completed = new HashSet<>();
    MessageConsumer<JsonObject> completions = hub.vertx().eventBus().consumer(SchedulerAddresses.TASK_COMPLETED,
      message -> {
        Task task = Task.fromJson(message.body());
        if (task.ownerId().equals(owner.id()) && completed.add(task.id()) && completed.size() == 5) {
          allDone.complete();
        }
      });
    Set<UUID> running = new HashSet<>();
    List<UUID> started = new ArrayList<>();
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2).compose(daemon ->
      Future.all(IntStream.range(0, 5).mapToObj(i -> api.createTask(owner, task("slot-" + i))).toList())
        .compose(created -> runNext(daemon, running, started, 5))
        .compose(spawnedAll -> allDone.future())
        .compose(done -> Future.all(api.get(owner.apiKey(), "/api/v1/mesh/tasks?status=done"),
          api.get(owner.apiKey(), "/api/v1/mesh/daemons")))
        .map(check(all -> {
          assertThat(expectArray(all.resultAt(0))).hasSize(5);
          assertThat(started).doesNotHaveDuplicates().hasSize(5);
          assertThat(expectArray(all.resultAt(1)).getJsonObject(0).getInteger("currentTaskCount")).isZero();
        }))
        .eventually(daemon::kill))
      .eventually(() -> completions.unregister())
      .onComplete(test.succeedingThenComplete());
  }

  /**
   * Takes the next spawn and checks that fewer than two tasks ran when it came. With two running, it completes the
   * oldest, so the hub must wait for that freed slot before each next spawn; after the last spawn it completes all.
   */
  private Future<Void> runNext(TestDaemon daemon, Set<UUID> running, List<UUID> started, int total) {
    return daemon.await("spawnTask").compose(spawn -> {
      UUID taskId = UUID.fromString(spawn.getString("taskId"));
      assertThat(running).as("tasks running when another spawn arrives").hasSizeLessThan(2);
      running.add(taskId);
      started.add(taskId);
      daemon.reportRunning(taskId);
      if (started.size() == total) {
        running.forEach(last -> daemon.complete(last, true, "done"));
        return Future.succeededFuture();
      }
      if (running.size() < 2) {
        return runNext(daemon, running, started, total);
      }
      return api.get(owner.apiKey(), "/api/v1/mesh/tasks?status=pending")
        .map(check(pending -> assertThat(expectArray(pending)).hasSize(total - started.size())))
        .compose(checked -> {
          UUID oldest = started.stream().filter(running::contains).findFirst().orElseThrow();
          running.remove(oldest);
          daemon.complete(oldest, true, "done");
          return runNext(daemon, running, started, total);
        });
    });
  }
}
