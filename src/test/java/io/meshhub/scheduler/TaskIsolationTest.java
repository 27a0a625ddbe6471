package io.meshhub.scheduler;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Owner B can neither see nor change owner A's tasks: every attempt is a 404, and A's task stays as it was. */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class TaskIsolationTest {

  private Api api;
  private TestOwner a;
  private TestOwner b;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    api = new Api(vertx, TestHub.shared());
    Future.all(api.newOwner(), api.newOwner()).onComplete(test.succeeding(owners -> {
      a = owners.resultAt(0);
      b = owners.resultAt(1);
      test.completeNow();
    }));
  }

  @Test
  void anotherOwnersTaskIsNotFoundForEveryOperationAndUnchanged(VertxTestContext test) {
    api.createTask(a, task("secret")).compose(secret -> {
      String path = "/api/v1/mesh/tasks/" + secret.getString("id");
      return Future.all(
          api.get(b.apiKey(), path),
          api.patch(b.apiKey(), path, new JsonObject().put("version", 1).put("name", "stolen")),
          api.post(b.apiKey(), path + "/cancel", new JsonObject()),
          api.get(b.apiKey(), path + "/events"))
        .map(attempts -> {
          for (int i = 0; i < attempts.size(); i++) {
            assertThat(expect(attempts.resultAt(i), 404).getString("code")).isEqualTo("NOT_FOUND");
          }
          return attempts;
        })
        .compose(attempts -> api.get(a.apiKey(), path))
        .map(after -> {
          JsonObject unchanged = expect(after, 200);
          assertThat(unchanged.getString("name")).isEqualTo("secret");
          assertThat(unchanged.getString("status")).isEqualTo("pending");
          assertThat(unchanged.getInteger("version")).isEqualTo(1);
          return unchanged;
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void listNeverContainsAnotherOwnersTasks(VertxTestContext test) {
    api.createTask(a, task("a-1"))
      .compose(created -> api.createTask(b, task("b-1")))
      .compose(created -> Future.all(api.get(b.apiKey(), "/api/v1/mesh/tasks?limit=1000"),
        api.get(b.apiKey(), "/api/v1/mesh/tasks?status=pending&limit=1000")))
      .map(lists -> {
        for (int i = 0; i < lists.size(); i++) {
          assertThat(expectArray(lists.resultAt(i)).stream().map(t -> ((JsonObject) t).getString("ownerId")))
            .containsOnly(b.id().toString());
        }
        return lists;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherOwnersTaskCannotBeAParent(VertxTestContext test) {
    api.createTask(a, task("a-parent"))
      .compose(parent -> api.post(b.apiKey(), "/api/v1/mesh/tasks",
        task("b-child").put("parentTaskId", parent.getString("id"))))
      .map(check(response -> assertThat(expect(response, 404).getString("message")).contains("parent task")))
      .compose(checked -> api.get(b.apiKey(), "/api/v1/mesh/tasks"))
      .map(check(list -> assertThat(expectArray(list)).isEmpty()))
      .onComplete(test.succeedingThenComplete());
  }
}
