package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.core.HubContext;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Several try-start-pending loops, each on its own event loop and kicked over and over, race for the same 1,000
 * tasks (10,000 in {@code -Pchaos}) and slots, as the schedulers of several hub nodes would. Each task is dispatched
 * exactly once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(900_000)
class DispatchRaceTest {

  /** 1,000 in {@code mvn verify}, 10,000 in {@code -Pchaos} ({@code -Drace.tasks}). */
  private static final int TASKS = Integer.getInteger("race.tasks", 1_000);
  private static final int DAEMONS = 10;
  private static final int EXTRA_LOOPS = 3;

  @Test
  void racingLoopsDispatchEachTaskExactlyOnce(Vertx vertx, VertxTestContext test) {
    RunningHub hub = TestHub.shared();
    Api api = new Api(vertx, hub);
    Pool pool = HubContext.pool(hub.vertx(), PgConnectOptions.fromUri(TestDatabase.url()), 8);
    Map<String, List<String>> spawned = new ConcurrentHashMap<>();
    AtomicInteger spawns = new AtomicInteger();
    Promise<Void> allSpawned = Promise.promise();
    List<TryStartPendingLoop> rivals = new ArrayList<>();
    List<Long> kickers = new ArrayList<>();

    api.newOwner().compose(owner -> createTasks(api, owner)
      .compose(created -> {
        for (int i = 0; i < EXTRA_LOOPS; i++) {
          Context context = hub.vertx().getOrCreateContext();
          TryStartPendingLoop rival = new TryStartPendingLoop(hub.vertx(), new DispatchRepository(pool, 3_000),
            new TaskUpdates(hub.vertx().eventBus()), 600_000, 30_000, 1_500, "http://rival");
          rivals.add(rival);
          context.runOnContext(started -> kickers.add(hub.vertx().setPeriodic(2, timer -> rival.kick())));
        }
        return Future.all(IntStream.range(0, DAEMONS).mapToObj(i ->
          TestDaemon.connect(vertx, hub.port(), owner.apiKey(), TASKS / DAEMONS)
            .onSuccess(daemon -> collect(daemon, spawned, spawns, allSpawned))).toList());
      })
      .compose(daemons -> allSpawned.future()
        .compose(done -> {
          kickers.forEach(hub.vertx()::cancelTimer);
          rivals.forEach(TryStartPendingLoop::stop);
          return verifyOncePerTask(pool, owner.id());
        })
        .map(check(counts -> {
          assertThat(counts.getLong("starting_events")).isEqualTo(TASKS);
          assertThat(spawned).hasSize(TASKS);
          assertThat(spawned.entrySet()).as("tasks spawned more than once, with their daemons: %s",
            spawned.entrySet().stream().filter(entry -> entry.getValue().size() > 1).toList())
            .allSatisfy(entry -> assertThat(entry.getValue()).hasSize(1));
          assertThat(spawns.get()).isEqualTo(TASKS);
          assertThat(counts.getLong("tasks_with_one_start")).isEqualTo(TASKS);
          assertThat(counts.getLong("tool_keys")).isEqualTo(TASKS);
          assertThat(counts.getLong("slots_taken")).isEqualTo(TASKS);
          System.out.printf("races: %d tasks, each dispatched once by %d racing loops%n", TASKS, EXTRA_LOOPS + 1);
        }))
        .eventually(() -> Future.all(daemons.<TestDaemon>list().stream().map(TestDaemon::kill).toList()))))
      .eventually(() -> pool.close())
      .onComplete(test.succeedingThenComplete());
  }

  private static Future<Void> createTasks(Api api, TestOwner owner) {
    Future<Void> all = Future.succeededFuture();
    for (int batch = 0; batch < TASKS / 100; batch++) {
      int first = batch * 100;
      all = all.compose(previous -> Future.all(IntStream.range(first, first + 100)
        .mapToObj(i -> api.createTask(owner, task("race-" + i))).toList()).mapEmpty());
    }
    return all;
  }

  /** Takes every spawn the daemon gets, counting them, and completes when the last expected one arrives. */
  private static void collect(TestDaemon daemon, Map<String, List<String>> spawned, AtomicInteger spawns,
                              Promise<Void> done) {
    daemon.await("spawnTask").onSuccess(spawn -> {
      spawned.computeIfAbsent(spawn.getString("taskId"), id -> new CopyOnWriteArrayList<>())
        .add(daemon.daemonId() + "/" + spawn.getString("commandId"));
      if (spawns.incrementAndGet() == TASKS) {
        done.tryComplete();
      }
      collect(daemon, spawned, spawns, done);
    });
  }

  /**
   * Every assignment writes its {@code starting} event, its tool key and its slot in the same statement, so the
   * database records every dispatch, including any whose frame a test might not have seen.
   */
  private static Future<JsonObject> verifyOncePerTask(Pool pool, UUID ownerId) {
    String sql = """
      select
        (select count(*) from task_events e join tasks t on t.id = e.task_id
          where t.owner_id = $1 and e.event_data ->> 'status' = 'starting') as starting_events,
        (select count(*) from (select e.task_id from task_events e join tasks t on t.id = e.task_id
          where t.owner_id = $1 and e.event_data ->> 'status' = 'starting'
          group by e.task_id having count(*) = 1) once) as tasks_with_one_start,
        (select count(*) from tool_keys where owner_id = $1) as tool_keys,
        (select sum(current_task_count) from daemons where owner_id = $1 and status = 'connected') as slots_taken""";
    return pool.preparedQuery(sql).execute(Tuple.of(ownerId)).map(rows -> rows.iterator().next().toJson());
  }
}
