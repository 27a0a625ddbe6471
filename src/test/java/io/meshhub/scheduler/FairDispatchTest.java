package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Tasks that no daemon may take never keep another owner's work from being dispatched. */
class FairDispatchTest extends OwnerTest {

  private static final int BACKLOG = 600;

  @Test
  @Timeout(60_000)
  void anOwnersUnplaceableBacklogNeverDelaysAnotherOwnersTask(Vertx vertx, VertxTestContext test) {
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), BACKLOG).compose(first ->
      createBacklog().compose(ids -> Future.all(ids.stream().map(id -> first.await("spawnTask", id)).toList())
        // The daemon registers again without the tasks: all of them are taken off it, and it may not take them
        // back before the retry cooldown (30 s) — a backlog of high-priority work no daemon may take now.
        .compose(spawned -> TestDaemon.connect(vertx, hub.port(), TestDaemon.register(owner.apiKey(), BACKLOG)
          .put("daemonId", first.daemonId().toString())))
        .compose(again -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + ids.get(0))
          .map(check(lost -> assertThat(expect(lost, 200).getJsonArray("failedDaemonIds"))
            .containsExactly(first.daemonId().toString())))
          .compose(checked -> api.newOwner())
          .compose(other -> TestDaemon.connect(vertx, hub.port(), other.apiKey(), 1).compose(otherDaemon ->
            api.createTask(other, task("not starved"))
              .compose(created -> otherDaemon.await("spawnTask", UUID.fromString(created.getString("id"))))
              .map(check(spawn -> assertThat(again.unclaimed("spawnTask")).isEmpty()))
              .eventually(otherDaemon::kill)))
          .eventually(again::kill))))
      .onComplete(test.succeedingThenComplete());
  }

  /** The owner's high-priority tasks, created fifty at a time; their ids in creation order. */
  private Future<List<UUID>> createBacklog() {
    List<UUID> ids = new ArrayList<>();
    Future<Void> created = Future.succeededFuture();
    for (int batch = 0; batch < BACKLOG / 50; batch++) {
      created = created.compose(previous -> Future.all(IntStream.range(0, 50)
          .mapToObj(i -> api.createTask(owner, task("backlog").put("priority", 10))).toList())
        .map(all -> {
          all.<JsonObject>list().forEach(task -> ids.add(UUID.fromString(task.getString("id"))));
          return null;
        }));
    }
    return created.map(ids);
  }
}
