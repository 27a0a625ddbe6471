package io.meshhub.supervisor;

import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;

import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;

/** Supervisors for tests: a contract with a repository, its supervisor task running on a test daemon. */
final class Supervisors {

  /** The contract, its supervisor task and the supervisor's tool key, and the daemon running it. */
  record Supervised(String contractId, UUID supervisorId, String toolKey, TestDaemon daemon) {
  }

  private Supervisors() {
  }

  /** Creates the contract and runs its supervisor on a new daemon with {@code slots} slots. */
  static Future<Supervised> start(Vertx vertx, RunningHub hub, Api api, TestOwner owner, int slots) {
    return start(vertx, hub, api, owner, slots, new JsonObject());
  }

  /** The same, for a contract with these fields besides its name, repository and supervisor. */
  static Future<Supervised> start(Vertx vertx, RunningHub hub, Api api, TestOwner owner, int slots,
                                  JsonObject fields) {
    JsonObject contract = fields.copy().put("name", "app").put("supervisorPlan", "lead the work")
      .put("repositories", new JsonArray().add(new JsonObject().put("name", "app")
        .put("repositoryUrl", "https://example.org/app.git").put("isPrimary", true)));
    return api.post(owner.apiKey(), "/api/v1/contracts", contract).map(response -> expect(response, 201))
      .compose(created -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), slots).compose(daemon -> {
        UUID supervisorId = UUID.fromString(created.getString("supervisorTaskId"));
        return daemon.await("spawnTask", supervisorId).map(spawn -> {
          daemon.reportRunning(supervisorId);
          return new Supervised(created.getString("id"), supervisorId, spawn.getString("toolKey"), daemon);
        });
      }));
  }

  /** The supervisor spawns a task of its contract. */
  static Future<HttpResponse<Buffer>> spawn(Api api, Supervised s, String name) {
    return api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks").putHeader("X-Tool-Key", s.toolKey())
      .sendJsonObject(task(name).put("contractId", s.contractId()));
  }

  /** A request authenticated by the supervisor's tool key. */
  static Future<HttpResponse<Buffer>> post(Api api, Supervised s, String path, JsonObject body) {
    return api.request(HttpMethod.POST, path).putHeader("X-Tool-Key", s.toolKey()).sendJsonObject(body);
  }
}
