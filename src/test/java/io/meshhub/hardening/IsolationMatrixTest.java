package io.meshhub.hardening;

import static io.meshhub.support.Api.task;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.hardening.OpenApiOperations.KeyKind;
import io.meshhub.hardening.OpenApiOperations.Operation;
import io.meshhub.support.Blocking;
import io.meshhub.support.DirectiveAgents;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Owner isolation, operation by operation of the OpenAPI document: owner B — with its API key and with the tool keys
 * of its tasks, a supervisor's and a plain task's — calls every operation that names an id against owner A's ids,
 * and gets 404 (401 where the operation does not take that kind of key); every list B can call shows nothing of A;
 * and afterwards every row of A, in every table, is byte for byte what it was. Meanwhile neither owner's daemon nor
 * dashboard received anything naming the other's ids. An operation added to the document without an entry here
 * fails the first test.
 */
class IsolationMatrixTest extends SharedHubSuite {

  /** What the matrix does with each operation of the document. */
  private static final Map<String, Probe> MATRIX = Map.ofEntries(
    entry("getHealth", Probe.none("public: names no owner")),
    entry("getReady", Probe.none("public: names no owner")),
    entry("getOpenApiDocument", Probe.none("public: names no owner")),
    entry("createOwner", Probe.none("administrators only: an owner's key gets 403 (OwnerAuthTest)")),
    entry("createApiKey", Probe.none("creates a key for the caller; names no id")),
    entry("revokeApiKey", Probe.at("id", "apiKey")),
    entry("getMe", Probe.list("/api/v1/me")),
    entry("createTask", Probe.body(a -> task("taken").put("contractId", a.id("contract")))),
    entry("listTasks", Probe.list("/api/v1/mesh/tasks")),
    entry("getTask", Probe.at("id", "task")),
    entry("updateTask", Probe.at("id", "task").with(a -> new JsonObject().put("version", 2).put("name", "taken"))),
    entry("cancelTask", Probe.at("id", "task")),
    entry("listTaskEvents", Probe.at("id", "task")),
    entry("retryTask", Probe.at("id", "task")),
    entry("sendTaskMessage", Probe.at("id", "task").with(a -> new JsonObject().put("message", "stop"))),
    entry("pauseTask", Probe.at("id", "task")),
    entry("resumeTask", Probe.at("id", "task")),
    entry("listDaemons", Probe.list("/api/v1/mesh/daemons")),
    entry("askQuestion", Probe.none("asks for the tool key's own task; names no id")),
    entry("pollQuestion", Probe.at("questionId", "question")),
    entry("listQuestions", Probe.list("/api/v1/mesh/questions")),
    entry("answerQuestion", Probe.at("questionId", "question").with(a -> new JsonObject().put("response", "mine"))
      .answered(403)),
    entry("createContract", Probe.none("creates a contract for the caller; names no id")),
    entry("listContracts", Probe.list("/api/v1/contracts")),
    entry("getContract", Probe.at("id", "contract")),
    entry("updateContract", Probe.at("id", "contract").with(a -> new JsonObject().put("version", 1)
      .put("name", "taken"))),
    entry("completeContract", Probe.at("id", "contract")),
    entry("getSupervisorState", Probe.at("id", "contract")),
    entry("rewindSupervisorConversation", Probe.at("id", "contract").with(a -> new JsonObject()
      .put("byMessageCount", 1))),
    entry("resumeSupervisor", Probe.at("id", "contract").with(a -> new JsonObject().put("resumeMode", "continue"))),
    entry("listContractRepositories", Probe.at("id", "contract")),
    entry("addContractRepository", Probe.at("id", "contract").with(a -> new JsonObject().put("name", "taken"))),
    entry("listContractFiles", Probe.at("id", "contract")),
    entry("createContractFile", Probe.at("id", "contract").with(a -> new JsonObject().put("name", "taken")
      .put("content", "x"))),
    entry("getFile", Probe.at("id", "file")),
    entry("listContractTasks", Probe.at("contractId", "contract")),
    entry("getContractTaskTree", Probe.at("contractId", "contract")),
    entry("spawnTask", Probe.body(a -> task("taken").put("contractId", a.id("contract")))),
    entry("waitForTask", Probe.at("taskId", "childTask").with(a -> new JsonObject().put("timeoutSeconds", 1))),
    entry("readTaskFile", Probe.at("taskId", "childTask").with(a -> new JsonObject().put("filePath", "a.txt"))),
    entry("rewindTaskCode", Probe.at("taskId", "childTask").with(a -> new JsonObject().put("commitSha", "abc123"))),
    entry("mergeTask", Probe.at("taskId", "childTask").with(a -> new JsonObject())),
    entry("getTaskDiff", Probe.at("taskId", "childTask")),
    entry("createBranch", Probe.none("acts on the tool key's own task; names no id")),
    entry("createPullRequest", Probe.none("acts on the tool key's own task; names no id")),
    entry("createCheckpoint", Probe.at("taskId", "task").with(a -> new JsonObject().put("message", "taken"))),
    entry("listCheckpoints", Probe.at("taskId", "task")),
    entry("createOrder", Probe.body(a -> new JsonObject().put("title", "taken").put("directiveId",
      a.id("directive")))),
    entry("listOrders", Probe.list("/api/v1/orders")),
    entry("getOrder", Probe.at("id", "order")),
    entry("updateOrder", Probe.at("id", "order").with(a -> new JsonObject().put("title", "taken"))),
    entry("deleteOrder", Probe.at("id", "order")),
    entry("createTaskOrder", Probe.none("files an order for the tool key's own contract; names no id")),
    entry("notifyRedTeam", Probe.body(a -> new JsonObject().put("message", "taken").put("severity", "high")
      .put("taskId", a.id("childTask")))),
    entry("listHistory", Probe.list("/api/v1/history", "/api/v1/history?contractId={contract}",
      "/api/v1/history?taskId={task}")),
    entry("createDirective", Probe.none("creates a directive for the caller; names no id")),
    entry("listDirectives", Probe.list("/api/v1/directives")),
    entry("getDirective", Probe.at("id", "directive")),
    entry("updateDirective", Probe.at("id", "directive").with(a -> new JsonObject().put("version", 1)
      .put("title", "taken"))),
    entry("deleteDirective", Probe.at("id", "directive")),
    entry("startDirective", Probe.at("id", "directive")),
    entry("pauseDirective", Probe.at("id", "directive")),
    entry("resumeDirective", Probe.at("id", "directive")),
    entry("archiveDirective", Probe.at("id", "directive")),
    entry("submitPlan", Probe.at("id", "directive").with(a -> DirectiveAgents.diamond())),
    entry("getDirectiveChain", Probe.at("id", "directive")),
    entry("listDirectiveEvents", Probe.at("id", "directive")),
    entry("listDirectiveEvaluations", Probe.at("id", "directive")),
    entry("evaluateStep", Probe.at("id", "directive").and("stepId", "step")));
  /** The dashboard events the API document promises, each of which A's world makes. */
  private static final Set<String> EVENT_TYPES = Set.of("taskUpdated", "taskOutput", "questionAsked",
    "questionAnswered", "directiveUpdated", "stepUpdated", "daemonUpdated");


  @Test
  void everyOperationOfTheDocumentHasAnEntry() {
    Set<String> documented = OpenApiOperations.all().stream().map(Operation::id).collect(Collectors.toSet());
    assertThat(MATRIX.keySet()).as("operations of openapi.yaml with an isolation matrix entry")
      .containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void anotherOwnerReachesNothingOfAnOwnerThroughAnyOperation() {
    OwnerWorld a = OwnerWorld.build(vertx, hub.port(), api);
    OwnerWorld b = OwnerWorld.build(vertx, hub.port(), api);
    OwnedRows before = OwnedRows.of(a.owner.id());

    List<String> wrong = new ArrayList<>();
    int requests = 0;
    for (Operation operation : OpenApiOperations.all()) {
      Probe probe = MATRIX.get(operation.id());
      for (Caller caller : Caller.of(b)) {
        for (Call call : probe.calls(operation, a)) {
          HttpResponse<Buffer> response = Blocking.await(send(caller, call), 30, operation.toString());
          requests++;
          String failure = probe.check(operation, caller, call, response, a.allIds());
          if (failure != null) {
            wrong.add(operation + " with " + caller.name() + " on " + call.path() + ": " + failure);
          }
        }
      }
    }
    OwnedRows after = OwnedRows.of(a.owner.id());
    System.out.printf("isolation matrix: %d operations, %d requests by another owner, %d rows of the owner checked"
      + " in %d tables%n", MATRIX.size(), requests, after.count(), after.byTable().size());

    assertThat(wrong).as("answers that let another owner reach the owner's data").isEmpty();
    assertThat(after.byTable()).as("the owner's rows after another owner called every operation")
      .isEqualTo(before.byTable());
    assertThat(before.count()).as("rows of the owner's world").isGreaterThan(20);
    assertNothingCrossed(a, b);
    assertNothingCrossed(b, a);
    assertThat(a.dashboard.unclaimed().stream().map(event -> event.getString("type")).collect(Collectors.toSet()))
      .as("the events the owner's dashboard received").containsAll(EVENT_TYPES);
  }

  /** Nothing {@code from} has reached {@code to}'s daemon or dashboard. */
  private static void assertNothingCrossed(OwnerWorld from, OwnerWorld to) {
    List<String> received = new ArrayList<>();
    to.dashboard.unclaimed().forEach(event -> received.add("dashboard: " + event.encode()));
    to.daemon.unclaimed().forEach(frame -> received.add("daemon: " + frame.encode()));
    assertThat(received).as("frames of one owner's sockets naming the other owner's ids")
      .noneMatch(frame -> from.allIds().stream().anyMatch(frame::contains));
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> send(Caller caller, Call call) {
    HttpRequest<Buffer> request = api.request(call.operation().method(), call.path());
    request = caller.kind() == KeyKind.OWNER ? request.bearerTokenAuthentication(caller.key())
      : request.putHeader("X-Tool-Key", caller.key());
    return call.body() == null ? request.send() : request.sendJsonObject(call.body());
  }

  /** One of the other owner's keys. */
  private record Caller(String name, KeyKind kind, String key) {

    static List<Caller> of(OwnerWorld other) {
      return List.of(new Caller("the other owner's API key", KeyKind.OWNER, other.owner.apiKey()),
        new Caller("the other owner's supervisor's tool key", KeyKind.TOOL, other.supervisorToolKey),
        new Caller("the other owner's task's tool key", KeyKind.TOOL, other.plainTaskToolKey));
    }
  }

  /** One request of a probe. */
  private record Call(Operation operation, String path, JsonObject body) {
  }

  /**
   * How one operation is probed: at A's ids in its path, with A's ids in its body, as a list that must show nothing
   * of A, or not at all (it names no id, and says why).
   */
  private record Probe(Map<String, String> pathIds, Function<OwnerWorld, JsonObject> body, List<String> lists,
                       int status, String notProbed) {

    static Probe at(String parameter, String what) {
      return new Probe(Map.of(parameter, what), a -> null, List.of(), 404, null);
    }

    static Probe body(Function<OwnerWorld, JsonObject> body) {
      return new Probe(Map.of(), body, List.of(), 404, null);
    }

    /** Paths of the list ({@code {what}} stands for A's id of that kind). */
    static Probe list(String... paths) {
      return new Probe(Map.of(), a -> null, List.of(paths), 200, null);
    }

    static Probe none(String why) {
      return new Probe(Map.of(), a -> null, List.of(), 0, why);
    }

    Probe and(String parameter, String what) {
      Map<String, String> ids = new HashMap<>(pathIds);
      ids.put(parameter, what);
      return new Probe(Map.copyOf(ids), body, lists, status, notProbed);
    }

    Probe with(Function<OwnerWorld, JsonObject> requestBody) {
      return new Probe(pathIds, requestBody, lists, status, notProbed);
    }

    /** Where the spec names another status than 404 for another owner's row. */
    Probe answered(int specified) {
      return new Probe(pathIds, body, lists, specified, notProbed);
    }

    List<Call> calls(Operation operation, OwnerWorld a) {
      if (notProbed != null) {
        return List.of();
      }
      if (!lists.isEmpty()) {
        return lists.stream().map(path -> new Call(operation, fill(path, a), null)).toList();
      }
      Map<String, String> parameters = pathIds.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, id -> a.id(id.getValue())));
      return List.of(new Call(operation, operation.path(parameters), body.apply(a)));
    }

    /** Why the answer is wrong, or null when it is right. */
    String check(Operation operation, Caller caller, Call call, HttpResponse<Buffer> response,
                 Collection<String> idsOfA) {
      int status = response.statusCode();
      if (!operation.accepts().contains(caller.kind())) {
        return status == 401 ? null : "expected 401 (the operation does not take this key) but got " + status;
      }
      if (!lists.isEmpty()) {
        String body = response.bodyAsString();
        if (status != 200) {
          return "expected 200 but got " + status + ": " + body;
        }
        return idsOfA.stream().filter(body::contains).findFirst().map(id -> "lists the owner's id " + id)
          .orElse(null);
      }
      // A tool key may be refused for what its task is (not a supervisor, not of that contract) before any row is
      // looked at, where the operation documents that 403.
      boolean forbiddenByRole = status == 403 && operation.documents(403) && caller.kind() == KeyKind.TOOL;
      return status == this.status || forbiddenByRole ? null
        : "expected " + this.status + " but got " + status + ": " + response.bodyAsString();
    }

    private static String fill(String path, OwnerWorld a) {
      String filled = path;
      for (Map.Entry<String, String> id : a.ids.entrySet()) {
        filled = filled.replace("{" + id.getKey() + "}", id.getValue());
      }
      return filled;
    }
  }
}
