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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class TaskApiTest {

  private Api api;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx, TestHub.shared());
  }

  @Test
  void aListCutsLongPlansAndSaysSoWhileTheTaskItselfHasTheWholePlan(VertxTestContext test) {
    String plan = "p".repeat(5000);
    api.newOwner().compose(owner -> api.createTask(owner, task("long plan").put("plan", plan))
      .compose(created -> api.get(owner.apiKey(), "/api/v1/mesh/tasks").map(Api::expectArray)
        .map(check((JsonArray listed) -> {
          JsonObject item = listed.getJsonObject(0);
          assertThat(item.getString("plan")).hasSize(4096);
          assertThat(item.getBoolean("truncated")).isTrue();
          assertThat(item.containsKey("conversationHistory")).isFalse();
        }))
        .compose(listed -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id")))))
      .map(check(one -> assertThat(Api.expect(one, 200).getString("plan")).isEqualTo(plan)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void createdTaskIsPendingWithDefaultsAndLogged(VertxTestContext test) {
    api.newOwner()
      .compose(owner -> api.createTask(owner, task("build").put("repositoryUrl", "https://example.org/r.git"))
        .compose(created -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id") + "/events")
          .map(events -> List.of(created, new JsonObject().put("events", expectArray(events))))))
      .onComplete(test.succeeding(result -> test.verify(() -> {
        JsonObject created = result.get(0);
        assertThat(created.getString("status")).isEqualTo("pending");
        assertThat(created.getInteger("version")).isEqualTo(1);
        assertThat(created.getInteger("priority")).isZero();
        assertThat(created.getInteger("depth")).isZero();
        assertThat(created.getInteger("maxRetries")).isEqualTo(3);
        assertThat(created.getString("repositoryUrl")).isEqualTo("https://example.org/r.git");
        assertThat(created.getJsonArray("failedDaemonIds")).isEmpty();
        assertThat(created.getString("createdAt")).endsWith("Z");
        assertThat(created.fieldNames()).contains("daemonId", "contractId", "directiveId", "directiveStepId",
          "parentTaskId", "isSupervisor", "baseBranch", "targetBranch", "retryCount", "errorMessage",
          "outputSummary", "updatedAt", "startedAt", "completedAt", "ownerId", "plan", "name");
        JsonArray events = result.get(1).getJsonArray("events");
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getString("eventType")).isEqualTo("status_change");
        assertThat(events.getJsonObject(0).getJsonObject("eventData").getString("status")).isEqualTo("pending");
        test.completeNow();
      })));
  }

  @Test
  void childTaskSitsOneLevelBelowItsParent(VertxTestContext test) {
    api.newOwner()
      .compose(owner -> api.createTask(owner, task("parent"))
        .compose(parent -> api.createTask(owner, task("child").put("parentTaskId", parent.getString("id")))))
      .onComplete(test.succeeding(child -> test.verify(() -> {
        assertThat(child.getInteger("depth")).isEqualTo(1);
        assertThat(child.getString("parentTaskId")).isNotNull();
        test.completeNow();
      })));
  }

  @Test
  void patchEditsAPendingTaskAndBumpsItsVersion(VertxTestContext test) {
    api.newOwner()
      .compose(owner -> api.createTask(owner, task("draft"))
        .compose(created -> api.patch(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id"),
          new JsonObject().put("version", 1).put("name", "final").put("priority", 7))))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        JsonObject patched = expect(response, 200);
        assertThat(patched.getString("name")).isEqualTo("final");
        assertThat(patched.getInteger("priority")).isEqualTo(7);
        assertThat(patched.getString("plan")).isEqualTo("Plan for draft");
        assertThat(patched.getInteger("version")).isEqualTo(2);
        test.completeNow();
      })));
  }

  @Test
  void patchWithStaleVersionIsAConflictAndChangesNothing(VertxTestContext test) {
    api.newOwner().compose(owner -> api.createTask(owner, task("v")).compose(created -> {
      String path = "/api/v1/mesh/tasks/" + created.getString("id");
      return api.patch(owner.apiKey(), path, new JsonObject().put("version", 1).put("name", "first"))
        .compose(first -> api.patch(owner.apiKey(), path, new JsonObject().put("version", 1).put("name", "stale")))
        .compose(stale -> api.get(owner.apiKey(), path).map(after -> List.of(stale, after)));
    })).onComplete(test.succeeding(responses -> test.verify(() -> {
      assertThat(expect(responses.get(0), 409).getString("code")).isEqualTo("CONFLICT");
      JsonObject after = expect(responses.get(1), 200);
      assertThat(after.getString("name")).isEqualTo("first");
      assertThat(after.getInteger("version")).isEqualTo(2);
      test.completeNow();
    })));
  }

  @Test
  void cancelEndsTheTaskAndThenItCanNeitherBeEditedNorCancelledAgain(VertxTestContext test) {
    api.newOwner().compose(owner -> api.createTask(owner, task("c")).compose(created -> {
      String path = "/api/v1/mesh/tasks/" + created.getString("id");
      return api.post(owner.apiKey(), path + "/cancel", new JsonObject())
        .compose(cancel -> api.patch(owner.apiKey(), path, new JsonObject().put("version", 2).put("name", "late"))
          .compose(patch -> api.post(owner.apiKey(), path + "/cancel", new JsonObject())
            .compose(again -> api.get(owner.apiKey(), path + "/events?since=0")
              .map(events -> List.of(cancel, patch, again, events)))));
    })).onComplete(test.succeeding(responses -> test.verify(() -> {
      JsonObject cancelled = expect(responses.get(0), 200);
      assertThat(cancelled.getString("status")).isEqualTo("cancelled");
      assertThat(cancelled.getInteger("version")).isEqualTo(2);
      assertThat(cancelled.getString("completedAt")).isNotNull();
      JsonObject patch = expect(responses.get(1), 409);
      assertThat(patch.getString("code")).isEqualTo("INVALID_STATE");
      assertThat(patch.getString("message")).contains("cancelled");
      assertThat(expect(responses.get(2), 409).getString("code")).isEqualTo("INVALID_STATE");
      JsonArray events = expectArray(responses.get(3));
      assertThat(events.stream().map(e -> ((JsonObject) e).getJsonObject("eventData").getString("status")))
        .containsExactly("pending", "cancelled");
      test.completeNow();
    })));
  }

  @Test
  void eventsAfterACursorAreOnlyTheNewerOnes(VertxTestContext test) {
    api.newOwner().compose(owner -> api.createTask(owner, task("e")).compose(created -> {
      String path = "/api/v1/mesh/tasks/" + created.getString("id");
      return api.post(owner.apiKey(), path + "/cancel", new JsonObject())
        .compose(cancel -> api.get(owner.apiKey(), path + "/events"))
        .compose(all -> {
          long firstId = expectArray(all).getJsonObject(0).getLong("id");
          return api.get(owner.apiKey(), path + "/events?since=" + firstId);
        });
    })).onComplete(test.succeeding(response -> test.verify(() -> {
      JsonArray newer = expectArray(response);
      assertThat(newer).hasSize(1);
      assertThat(newer.getJsonObject(0).getJsonObject("eventData").getString("status")).isEqualTo("cancelled");
      test.completeNow();
    })));
  }

  @Test
  void listFiltersByStatusAndPages(VertxTestContext test) {
    api.newOwner().compose(owner -> api.createTask(owner, task("one"))
      .compose(one -> api.createTask(owner, task("two")))
      .compose(two -> api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + two.getString("id") + "/cancel",
        new JsonObject()))
      .compose(cancelled -> Future.all(
        api.get(owner.apiKey(), "/api/v1/mesh/tasks"),
        api.get(owner.apiKey(), "/api/v1/mesh/tasks?status=cancelled"),
        api.get(owner.apiKey(), "/api/v1/mesh/tasks?status=pending"),
        api.get(owner.apiKey(), "/api/v1/mesh/tasks?limit=1&offset=1"))))
      .onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(names(all.resultAt(0))).containsExactly("two", "one");
        assertThat(names(all.resultAt(1))).containsExactly("two");
        assertThat(names(all.resultAt(2))).containsExactly("one");
        assertThat(names(all.resultAt(3))).containsExactly("one");
        test.completeNow();
      })));
  }

  /**
   * Tasks created at once are written together: each request still gets its own answer, and one that names another
   * owner's contract is refused alone.
   */
  @Test
  void tasksCreatedAtOnceAreEachAnsweredAndOneNamingAnotherOwnersContractIsRefusedAlone(VertxTestContext test) {
    int together = 40;
    int intruder = 17;
    Future.all(api.newOwner(), api.newOwner()).compose(owners -> {
      TestOwner owner = owners.resultAt(0);
      TestOwner other = owners.resultAt(1);
      return api.createContract(other, "not yours").compose(foreignContract -> {
        List<Future<HttpResponse<Buffer>>> created = IntStream.range(0, together)
          .mapToObj(i -> api.post(owner.apiKey(), "/api/v1/mesh/tasks", i == intruder
            ? task("intruder").put("contractId", foreignContract) : task("together-" + i)))
          .toList();
        return Future.all(created).compose(answered -> api.get(owner.apiKey(), "/api/v1/mesh/tasks?limit=100")
          .map(check(listed -> test.verify(() -> {
            for (int i = 0; i < together; i++) {
              HttpResponse<Buffer> response = created.get(i).result();
              if (i == intruder) {
                assertThat(expect(response, 404).getString("code")).isEqualTo("NOT_FOUND");
              } else {
                JsonObject task = expect(response, 201);
                assertThat(task.getString("name")).isEqualTo("together-" + i);
                assertThat(task.getString("status")).isEqualTo("pending");
              }
            }
            assertThat(names(listed)).hasSize(together - 1).doesNotContain("intruder")
              .doesNotHaveDuplicates();
          }))));
      });
    }).onComplete(test.succeedingThenComplete());
  }

  private static List<String> names(HttpResponse<Buffer> response) {
    return expectArray(response).stream().map(task -> ((JsonObject) task).getString("name")).toList();
  }
}
