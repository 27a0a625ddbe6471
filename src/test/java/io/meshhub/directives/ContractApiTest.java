package io.meshhub.directives;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Contracts: created with their repositories and supervisor, edited at a version, completed once. */
class ContractApiTest extends OwnerTest {

  private static final String CONTRACTS = "/api/v1/contracts";

  @Test
  void aSupervisorWhoseLinkWasNeverWrittenStillCompletesItsContract(Vertx vertx, VertxTestContext test) {
    JsonObject contract = new JsonObject().put("name", "half-made").put("supervisorPlan", "lead")
      .put("repositories", new JsonArray().add(new JsonObject().put("name", "r")
        .put("repositoryUrl", "https://example.org/r.git")));
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.post(owner.apiKey(), "/api/v1/contracts", contract).map(created -> expect(created, 201))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("supervisorTaskId")))
          .compose(spawn -> vertx.<Void>executeBlocking(() -> {
            // The crash: the supervisor task exists, the contract's link to it was never written.
            unlinkSupervisor(created.getString("id"));
            return null;
          }).map(spawn))
          .compose(spawn -> api.request(HttpMethod.POST, "/api/v1/contracts/" + created.getString("id")
            + "/complete").putHeader("X-Tool-Key", spawn.getString("toolKey")).send())
          .map(check(completed -> {
            JsonObject body = expect(completed, 200);
            assertThat(body.getString("status")).isEqualTo("completed");
            assertThat(body.getString("supervisorTaskId")).isEqualTo(created.getString("supervisorTaskId"));
          })))
        .eventually(daemon::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private static void unlinkSupervisor(String contractId) throws SQLException {
    try (Connection db = DriverManager.getConnection(TestDatabase.jdbcUrl(TestDatabase.url()));
         PreparedStatement unlink = db.prepareStatement(
           "update contracts set supervisor_task_id = null where id = ?")) {
      unlink.setObject(1, UUID.fromString(contractId));
      assertThat(unlink.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void contractWithASupervisorPlanGetsItsSupervisorTaskInItsPrimaryRepository(Vertx vertx, VertxTestContext test) {
    JsonObject request = new JsonObject().put("name", "Parser").put("description", "write the parser")
      .put("repositories", new JsonArray()
        .add(new JsonObject().put("name", "docs").put("repositoryUrl", "https://example.org/docs.git"))
        .add(new JsonObject().put("name", "main").put("repositoryUrl", "https://example.org/main.git")
          .put("isPrimary", true)))
      .put("supervisorPlan", "Coordinate the parser work");
    api.post(owner.apiKey(), CONTRACTS, request).map(response -> expect(response, 201)).compose(contract -> {
      assertThat(contract.getString("status")).isEqualTo("active");
      assertThat(contract.getString("contractType")).isEqualTo("simple");
      assertThat(contract.getString("phase")).isEqualTo("plan");
      assertThat(contract.getString("supervisorTaskId")).isNotNull();
      return Future.all(api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + contract.getString("supervisorTaskId")),
          api.get(owner.apiKey(), CONTRACTS + "/" + contract.getString("id") + "/repositories"))
        .map(check(all -> {
          JsonObject supervisor = expect(all.resultAt(0), 200);
          assertThat(supervisor.getBoolean("isSupervisor")).isTrue();
          assertThat(supervisor.getInteger("priority")).isEqualTo(5);
          assertThat(supervisor.getString("contractId")).isEqualTo(contract.getString("id"));
          assertThat(supervisor.getString("repositoryUrl")).isEqualTo("https://example.org/main.git");
          assertThat(supervisor.getString("plan")).isEqualTo("Coordinate the parser work");
          assertThat(expectArray(all.resultAt(1)).stream().map(r -> ((JsonObject) r).getString("name")))
            .containsExactly("docs", "main");
        }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void patchNeedsTheCurrentVersion(VertxTestContext test) {
    api.createContract(owner, "versioned").compose(id -> api.patch(owner.apiKey(), CONTRACTS + "/" + id,
        new JsonObject().put("version", 1).put("phase", "execute"))
      .map(check(patched -> {
        JsonObject contract = expect(patched, 200);
        assertThat(contract.getString("phase")).isEqualTo("execute");
        assertThat(contract.getInteger("version")).isEqualTo(2);
      }))
      .compose(patched -> api.patch(owner.apiKey(), CONTRACTS + "/" + id, new JsonObject().put("version", 1)
        .put("phase", "review")))
      .map(check(stale -> assertThat(expect(stale, 409).getString("code")).isEqualTo("CONFLICT"))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void completingPublishesContractCompletedOnceAndOnlyTheSupervisorTaskMayDoIt(Vertx vertx, VertxTestContext test) {
    Promise<JsonObject> published = Promise.promise();
    MessageConsumer<JsonObject> listener = hub.vertx().eventBus().consumer(DirectivesAddresses.CONTRACT_COMPLETED,
      message -> {
        if (owner.id().toString().equals(message.body().getString("ownerId"))) {
          published.tryComplete(message.body());
        }
      });
    api.post(owner.apiKey(), CONTRACTS, new JsonObject().put("name", "Finish me").put("supervisorPlan", "lead"))
      .map(response -> expect(response, 201))
      .compose(contract -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2).compose(daemon ->
        daemon.await("spawnTask", UUID.fromString(contract.getString("supervisorTaskId")))
          .compose(supervisorSpawn -> api.createTask(owner, task("worker").put("contractId", contract.getString("id")))
            .compose(worker -> daemon.await("spawnTask", UUID.fromString(worker.getString("id"))))
            .compose(workerSpawn -> complete(contract, workerSpawn.getString("toolKey")))
            .map(check(byWorker -> assertThat(expect(byWorker, 403).getString("code")).isEqualTo("NOT_SUPERVISOR")))
            .compose(refused -> complete(contract, supervisorSpawn.getString("toolKey"))))
          .map(check(completed -> {
            JsonObject done = expect(completed, 200);
            assertThat(done.getString("status")).isEqualTo("completed");
            assertThat(done.getString("completedAt")).isNotNull();
          }))
          .compose(completed -> published.future())
          .map(check(fact -> assertThat(fact.getString("id")).isEqualTo(contract.getString("id"))))
          .compose(fact -> api.post(owner.apiKey(), CONTRACTS + "/" + contract.getString("id") + "/complete",
            new JsonObject()))
          .map(check(again -> assertThat(expect(again, 409).getString("code")).isEqualTo("INVALID_STATE")))
          .eventually(daemon::kill)))
      .eventually(() -> listener.unregister())
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherOwnerSeesNoneOfItAndCannotAttachTasksToIt(VertxTestContext test) {
    api.newOwner().compose(stranger -> api.createContract(owner, "private").compose(id -> Future.all(List.of(
        api.get(stranger.apiKey(), CONTRACTS + "/" + id),
        api.patch(stranger.apiKey(), CONTRACTS + "/" + id, new JsonObject().put("version", 1).put("name", "x")),
        api.post(stranger.apiKey(), CONTRACTS + "/" + id + "/complete", new JsonObject()),
        api.get(stranger.apiKey(), CONTRACTS + "/" + id + "/repositories"),
        api.post(stranger.apiKey(), CONTRACTS + "/" + id + "/repositories", new JsonObject().put("name", "r")),
        api.get(stranger.apiKey(), CONTRACTS + "/" + id + "/files"),
        api.post(stranger.apiKey(), CONTRACTS + "/" + id + "/files", new JsonObject().put("name", "f")),
        api.post(stranger.apiKey(), "/api/v1/mesh/tasks", task("sneaky").put("contractId", id))))
      .map(check(all -> {
        for (int i = 0; i < all.size(); i++) {
          assertThat(expect(all.<HttpResponse<Buffer>>resultAt(i), 404).getString("code")).isEqualTo("NOT_FOUND");
        }
      }))
      .compose(checked -> api.get(stranger.apiKey(), CONTRACTS))
      .map(check(listed -> assertThat(expectArray(listed)).isEmpty()))
      .compose(checked -> api.get(owner.apiKey(), CONTRACTS + "/" + id))
      .map(check(unchanged -> {
        JsonObject contract = expect(unchanged, 200);
        assertThat(contract.getString("status")).isEqualTo("active");
        assertThat(contract.getInteger("version")).isEqualTo(1);
      }))))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> complete(JsonObject contract, String toolKey) {
    return api.request(HttpMethod.POST, CONTRACTS + "/" + contract.getString("id") + "/complete")
      .putHeader("X-Tool-Key", toolKey).send();
  }
}
