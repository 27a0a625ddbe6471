package io.meshhub.http;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/** Every list takes limit and offset: daemons, files, repositories, evaluations and checkpoints included. */
class BoundedListsTest extends OwnerTest {

  @Test
  void daemonsFilesRepositoriesAndCheckpointsComeInPages(Vertx vertx, VertxTestContext test) {
    JsonObject contract = new JsonObject().put("name", "paged").put("repositories", new JsonArray()
      .add(new JsonObject().put("name", "one").put("repositoryUrl", "https://example.org/one.git"))
      .add(new JsonObject().put("name", "two").put("repositoryUrl", "https://example.org/two.git")));
    // The first daemon has more free slots: the checkpointed task goes to it.
    Future.all(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2),
        TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1),
        api.post(owner.apiKey(), "/api/v1/contracts", contract).map(created -> expect(created, 201)))
      .compose(all -> {
        String contractId = all.<JsonObject>resultAt(2).getString("id");
        String files = "/api/v1/contracts/" + contractId + "/files";
        return api.post(owner.apiKey(), files, new JsonObject().put("name", "a").put("content", "a"))
          .compose(a -> api.post(owner.apiKey(), files, new JsonObject().put("name", "b").put("content", "b")))
          .compose(written -> twoCheckpoints(all.resultAt(0)))
          .compose(taskId -> Future.all(List.of(
            page("/api/v1/mesh/daemons?limit=1"), page("/api/v1/mesh/daemons?limit=5&offset=1"),
            page(files + "?limit=1"), page(files + "?offset=1"),
            page("/api/v1/contracts/" + contractId + "/repositories?limit=1"),
            api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/checkpoints?limit=1&offset=1")
              .map(response -> expect(response, 200).getJsonArray("checkpoints")))))
          .map(check(pages -> {
            for (int i = 0; i < pages.size(); i++) {
              assertThat(pages.<JsonArray>resultAt(i)).as("page %d", i).hasSize(1);
            }
            assertThat(pages.<JsonArray>resultAt(2).getJsonObject(0).getString("name")).isEqualTo("a");
            assertThat(pages.<JsonArray>resultAt(3).getJsonObject(0).getString("name")).isEqualTo("b");
            assertThat(pages.<JsonArray>resultAt(5).getJsonObject(0).getInteger("checkpointNumber")).isEqualTo(2);
          }))
          .eventually(() -> Future.join(all.<TestDaemon>resultAt(0).kill(), all.<TestDaemon>resultAt(1).kill()));
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aPageOutsideItsBoundsIsRefusedNamingTheParameter(VertxTestContext test) {
    api.post(owner.apiKey(), "/api/v1/directives", new JsonObject().put("title", "t").put("goal", "g"))
      .map(created -> expect(created, 201).getString("id"))
      .compose(directiveId -> Future.all(
        api.get(owner.apiKey(), "/api/v1/mesh/daemons?limit=1001"),
        api.get(owner.apiKey(), "/api/v1/directives/" + directiveId + "/evaluations?limit=0"),
        api.get(owner.apiKey(), "/api/v1/mesh/daemons?offset=-1")))
      .map(check(all -> {
        assertThat(expect(all.resultAt(0), 400).getString("message")).contains("limit");
        assertThat(expect(all.resultAt(1), 400).getString("message")).contains("limit");
        assertThat(expect(all.resultAt(2), 400).getString("message")).contains("offset");
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonArray> page(String path) {
    return api.get(owner.apiKey(), path).map(response -> expectArray(response));
  }

  /** A task on the daemon that reports two checkpoints; its id once both are stored. */
  private Future<UUID> twoCheckpoints(TestDaemon daemon) {
    return api.createTask(owner, task("checkpointed"))
      .compose(created -> {
        UUID taskId = UUID.fromString(created.getString("id"));
        return daemon.await("spawnTask", taskId).map(taskId);
      })
      .compose(taskId -> {
        daemon.reportRunning(taskId);
        for (int number = 1; number <= 2; number++) {
          daemon.send(new JsonObject().put("type", "checkpointCreated").put("taskId", taskId.toString())
            .put("commitSha", "c" + number).put("message", "checkpoint " + number));
        }
        Future<JsonObject> stored = HubEvents.ownerEvent(hub, owner.id(),
          event -> "taskOutput".equals(event.getString("type")) && "after".equals(event.getString("content")));
        daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString())
          .put("messageType", "assistant").put("content", "after"));
        return stored.map(taskId);
      });
  }
}
