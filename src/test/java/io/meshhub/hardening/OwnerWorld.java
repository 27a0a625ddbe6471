package io.meshhub.hardening;

import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.DirectiveAgents;
import io.meshhub.support.FrameSocket;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One owner with something of every kind the API serves, built over the real API and daemon protocol from the test
 * thread: a daemon, a contract whose supervisor runs on it with a child task, a plain task that wrote output, a
 * file, a pending and an answered question, an order, a second API key, and a directive whose planner submitted a
 * plan whose first step runs. Its dashboard was open throughout.
 */
final class OwnerWorld {

  private static final long WAIT_SECONDS = 30;

  final TestOwner owner;
  final TestDaemon daemon;
  final FrameSocket dashboard;
  final String supervisorToolKey;
  final String plainTaskToolKey;
  /** What each id is → the id: every one of them is the owner's alone. */
  final Map<String, String> ids = new LinkedHashMap<>();

  private final Api api;

  private OwnerWorld(Api api, TestOwner owner, TestDaemon daemon, FrameSocket dashboard, String supervisorToolKey,
                     String plainTaskToolKey) {
    this.api = api;
    this.owner = owner;
    this.daemon = daemon;
    this.dashboard = dashboard;
    this.supervisorToolKey = supervisorToolKey;
    this.plainTaskToolKey = plainTaskToolKey;
  }

  static OwnerWorld build(Vertx vertx, int port, Api api) {
    TestOwner owner = await(api.newOwner(), "an owner");
    FrameSocket dashboard = await(FrameSocket.dashboard(vertx, port, owner.apiKey()), "a dashboard");
    TestDaemon daemon = await(TestDaemon.connect(vertx, port, owner.apiKey(), 16), "a daemon");

    JsonObject contract = created(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject().put("name", "app")
      .put("supervisorPlan", "lead the work").put("repositories", new JsonArray().add(new JsonObject()
        .put("name", "app").put("repositoryUrl", "https://example.org/app.git").put("isPrimary", true)))), 201);
    UUID supervisorId = UUID.fromString(contract.getString("supervisorTaskId"));
    String supervisorToolKey = running(daemon, supervisorId).getString("toolKey");

    JsonObject plain = await(api.createTask(owner, task("plain")), "a task");
    UUID plainId = UUID.fromString(plain.getString("id"));
    String plainTaskToolKey = running(daemon, plainId).getString("toolKey");

    OwnerWorld world = new OwnerWorld(api, owner, daemon, dashboard, supervisorToolKey, plainTaskToolKey);
    world.ids.put("owner", owner.id().toString());
    world.ids.put("daemon", daemon.daemonId().toString());
    world.ids.put("contract", contract.getString("id"));
    world.ids.put("supervisorTask", supervisorId.toString());
    world.ids.put("task", plainId.toString());
    world.addTheRest();
    return world;
  }

  private void addTheRest() {
    daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", id("task")).put("messageType", "assistant")
      .put("content", "working on it"));
    UUID childId = UUID.fromString(created(asTool(HttpMethod.POST, "/api/v1/mesh/supervisor/tasks")
      .sendJsonObject(task("child").put("contractId", id("contract"))), 201).getString("id"));
    running(daemon, childId);
    ids.put("childTask", childId.toString());
    ids.put("file", created(api.post(owner.apiKey(), "/api/v1/contracts/" + id("contract") + "/files",
      new JsonObject().put("name", "notes").put("content", "the owner's notes")), 201).getString("id"));
    ids.put("question", ask("Which database?"));
    ids.put("answeredQuestion", ask("Which port?"));
    created(api.post(owner.apiKey(), "/api/v1/mesh/questions/" + id("answeredQuestion") + "/answer",
      new JsonObject().put("response", "5432")), 200);
    ids.put("order", created(api.post(owner.apiKey(), "/api/v1/orders", new JsonObject().put("title", "order")),
      201).getString("id"));
    ids.put("apiKey", created(api.post(owner.apiKey(), "/api/v1/keys", new JsonObject()), 201).getString("id"));
    addDirective();
  }

  /** A started directive whose planner submitted the diamond plan, and whose first step's task runs. */
  private void addDirective() {
    JsonObject directive = created(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject()
      .put("title", "Parser").put("goal", "Ship the parser")), 201);
    ids.put("directive", directive.getString("id"));
    JsonObject started = created(api.post(owner.apiKey(), "/api/v1/directives/" + id("directive") + "/start",
      new JsonObject()), 200);
    ids.put("orchestratorContract", started.getString("orchestratorContractId"));
    JsonObject planner = await(daemon.await("spawnTask"), "the planner's spawn");
    ids.put("plannerTask", planner.getString("taskId"));
    daemon.reportRunning(UUID.fromString(planner.getString("taskId")));
    created(api.request(HttpMethod.POST, "/api/v1/directives/" + id("directive") + "/plan")
      .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(DirectiveAgents.diamond()), 200);
    JsonObject firstStep = await(daemon.await(DirectiveAgents.named("A")),
      "the first step's spawn");
    ids.put("stepTask", firstStep.getString("taskId"));
    daemon.reportRunning(UUID.fromString(firstStep.getString("taskId")));
    JsonObject chain = created(api.get(owner.apiKey(), "/api/v1/directives/" + id("directive") + "/chain"), 200);
    ids.put("chain", chain.getString("id"));
    ids.put("step", chain.getJsonArray("steps").getJsonObject(0).getString("id"));
  }

  String id(String what) {
    String id = ids.get(what);
    if (id == null) {
      throw new IllegalArgumentException("the world has no " + what);
    }
    return id;
  }

  Collection<String> allIds() {
    return ids.values();
  }

  /** A question the supervisor asks without waiting for the answer; its id. */
  String ask(String question) {
    return created(asTool(HttpMethod.POST, "/api/v1/mesh/supervisor/questions")
      .sendJsonObject(new JsonObject().put("question", question).put("nonBlocking", true)), 200)
      .getString("questionId");
  }

  private HttpRequest<Buffer> asTool(HttpMethod method, String path) {
    return api.request(method, path).putHeader("X-Tool-Key", supervisorToolKey);
  }

  /** The task's spawn, once it reached the daemon, which then says it runs. */
  private static JsonObject running(TestDaemon daemon, UUID taskId) {
    JsonObject spawn = await(daemon.await("spawnTask", taskId), "the spawn of " + taskId);
    daemon.reportRunning(taskId);
    return spawn;
  }

  private static JsonObject created(Future<HttpResponse<Buffer>> request, int status) {
    return expect(await(request, "a request"), status);
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, WAIT_SECONDS, what);
  }
}
