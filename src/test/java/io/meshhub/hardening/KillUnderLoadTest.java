package io.meshhub.hardening;

import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.FrameSocket;
import io.meshhub.support.HubProcess;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The hub process is killed with SIGKILL under load — 200 tasks on 10 daemons, 20 questions blocked, a directive
 * active — at a kill point, and started again on the same database. The daemons connect again with what they still
 * run; then every task ends in exactly one final state, none was given to two daemons at once, every question is
 * still answerable, and the directive completes. {@code -Dchaos.killPoints} chooses the kill points: {@code
 * completions} in {@code mvn verify}; {@code dispatch,completions,plan} in {@code -Pchaos}.
 */
class KillUnderLoadTest extends ClientTest {

  /** When the hub dies: while tasks are dispatched, while completions arrive, or as a plan is submitted. */
  enum KillPoint { DISPATCH, COMPLETIONS, PLAN }

  private static final List<KillPoint> KILL_POINTS = Arrays.stream(System.getProperty("chaos.killPoints",
    "completions").split(",")).map(point -> KillPoint.valueOf(point.trim().toUpperCase())).toList();
  private static final int TASKS = 200;
  private static final int DAEMONS = 10;
  private static final int QUESTIONS = 20;
  private static final String LOAD = "load-";
  private static final String TITLE = "Survive";

  @Test
  void theHubKilledUnderLoadLosesNothing(@TempDir Path dir) {
    for (KillPoint point : KILL_POINTS) {
      survive(point, dir.resolve(point.name().toLowerCase() + ".log"));
    }
  }

  private void survive(KillPoint point, Path log) {
    String adminKey = ApiKeys.newOwnerKey();
    String dbUrl = TestDatabase.newDatabase();
    Map<String, String> settings = new HashMap<>(TestHub.TEST_TIMINGS);
    settings.putAll(Map.of("db.url", dbUrl, "auth.bootstrapKey", adminKey, "http.port", TestHub.OwnHub.freePort()));
    int port = Integer.parseInt(settings.get("http.port"));
    Api api = new Api(vertx, port, adminKey);
    HubProcess hub = HubProcess.start(settings, log);
    try {
      TestOwner owner = await(api.newOwner(), "an owner");
      Fleet fleet = new Fleet(vertx, owner.apiKey(), DAEMONS, 2 * TASKS / DAEMONS);
      await(fleet.connect(port), "the fleet");
      Load load = new Load(api, owner, fleet, dbUrl);
      load.blockQuestions(port);
      load.startDirective();
      load.until(point);

      hub.kill();
      await(fleet.lost(), "the daemons to lose their hub");
      hub = HubProcess.start(settings, log);
      await(fleet.connect(port), "the daemons back");

      load.finish(port);
      String counts = HubDatabase.text(dbUrl, """
        select (select count(*) from tasks where id = any(string_to_array(?, ',')::uuid[])) || ' of '
          || cardinality(string_to_array(?, ',')) || ' acknowledged, '
          || (select count(*) from tasks where status not in ('done', 'failed', 'cancelled', 'merged'))
          || ' not final, ' || (select count(*) from (select t.id from tasks t left join task_events e
               on e.task_id = t.id and e.event_data ->> 'status' in ('done', 'failed', 'cancelled')
               group by t.id having count(e.id) <> 1) ended) || ' not ended once, '
          || (select count(*) from tasks where name like 'load-%') || ' load tasks, '
          || (select count(*) from questions where status = 'answered') || ' answered, '
          || (select status from directives limit 1)""", String.join(",", load.acknowledged),
        String.join(",", load.acknowledged));
      System.out.printf("kill -9 at %s: %s; %d tasks given to two daemons at once%n", point, counts,
        fleet.doubleDispatches().size());
      assertThat(fleet.doubleDispatches()).as("tasks given to a daemon while another ran them").isEmpty();
      int acknowledged = load.acknowledged.size();
      assertThat(counts).as("after the crash at " + point)
        .startsWith(acknowledged + " of " + acknowledged + " acknowledged, 0 not final, 0 not ended once, ")
        .endsWith(QUESTIONS + " answered, completed");
      await(fleet.leave(), "the daemons to leave");
    } finally {
      hub.kill();
    }
  }

  /** The owner's work, driven through the crash. */
  private final class Load {

    private final Api api;
    private final TestOwner owner;
    private final Fleet fleet;
    private final String dbUrl;
    /** The tasks whose creation the hub acknowledged (201) before it died: none of them may be lost. */
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private String supervisorToolKey;
    private String directiveId;
    private JsonObject planner;

    Load(Api api, TestOwner owner, Fleet fleet, String dbUrl) {
      this.api = api;
      this.owner = owner;
      this.fleet = fleet;
      this.dbUrl = dbUrl;
    }

    /** A contract's supervisor asks 20 questions and waits for their answers (the waits die with the hub). */
    void blockQuestions(int port) {
      FrameSocket dashboard = await(FrameSocket.dashboard(vertx, port, owner.apiKey()), "a dashboard");
      JsonObject contract = expect(await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
        .put("name", "app").put("supervisorPlan", "lead")), "a contract"), 201);
      String supervisorId = contract.getString("supervisorTaskId");
      supervisorToolKey = await(fleet.spawned(task(supervisorId)), "the supervisor").getString("toolKey");
      for (int i = 0; i < QUESTIONS; i++) {
        api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions").putHeader("X-Tool-Key", supervisorToolKey)
          .sendJsonObject(new JsonObject().put("question", "Question " + i + "?").put("timeoutSeconds", 3_600));
      }
      for (int i = 0; i < QUESTIONS; i++) {
        await(dashboard.await("questionAsked"), "question " + i + " to be asked");
      }
      await(dashboard.close(), "the dashboard to close");
    }

    /** A directive whose planner runs. */
    void startDirective() {
      directiveId = expect(await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject().put("title", TITLE)
        .put("goal", "survive a crash")), "a directive"), 201).getString("id");
      expect(await(api.post(owner.apiKey(), "/api/v1/directives/" + directiveId + "/start", new JsonObject()),
        "the start"), 200);
      planner = await(fleet.spawned(named(TITLE + " - Planner")), "the planner");
    }

    /** Loads the hub up to the kill point, which is reached when this returns. */
    void until(KillPoint point) {
      for (int i = 0; i < TASKS; i++) {
        api.post(owner.apiKey(), "/api/v1/mesh/tasks", new JsonObject().put("name", LOAD + i).put("plan", "work"))
          .onSuccess(created -> {
            if (created.statusCode() == 201) {
              acknowledged.add(created.bodyAsJsonObject().getString("id"));
            }
          });
      }
      if (point == KillPoint.DISPATCH) {
        await(fleet.spawned(load(), TASKS / 2), "half the tasks dispatched");
        return;
      }
      await(fleet.spawned(load(), TASKS), "every task dispatched");
      if (point == KillPoint.PLAN) {
        submitPlan();
        return;
      }
      expect(await(submitPlan(), "the plan"), 200);
      fleet.running(load()).forEach(fleet::complete);
    }

    /** Back on a new hub: the rest of the work is done, the questions answered, the directive carried through. */
    void finish(int port) {
      FrameSocket dashboard = await(FrameSocket.dashboard(vertx, port, owner.apiKey()), "a dashboard");
      Future<JsonObject> completed = dashboard.await(event -> "directiveUpdated".equals(event.getString("type"))
        && "completed".equals(event.getString("status")));
      fleet.whenSpawned(load(), (daemons, spawn) -> daemons.complete(spawn.getString("taskId")));
      fleet.whenSpawned(named("A").or(named("B")), (daemons, spawn) -> daemons.complete(spawn.getString("taskId")));
      fleet.whenSpawned(spawn -> spawn.getString("taskName", "").endsWith(" - Evaluator"), this::evaluate);
      JsonObject directive = expect(await(api.get(owner.apiKey(), "/api/v1/directives/" + directiveId),
        "the directive"), 200);
      if (directive.getValue("currentChainId") == null) {
        expect(await(submitPlan(), "the plan again"), 200);
      }
      fleet.complete(planner.getString("taskId"));
      answerEveryQuestion();
      await(completed, "the directive to complete");
      Future<Void> allEnded = everyTaskEnded(dashboard);
      fleet.running(spawn -> true).forEach(fleet::complete);
      await(allEnded, "every task to end");
    }

    private Future<HttpResponse<Buffer>> submitPlan() {
      JsonObject plan = new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("name", "A").put("taskPlan", "a"))
        .add(new JsonObject().put("name", "B").put("taskPlan", "b")));
      return api.request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
        .putHeader("X-Tool-Key", planner.getString("toolKey")).sendJsonObject(plan);
    }

    private void answerEveryQuestion() {
      JsonArray pending = Api.expectArray(await(api.get(owner.apiKey(), "/api/v1/mesh/questions"), "questions"));
      assertThat(pending).as("questions still pending after the crash").hasSize(QUESTIONS);
      for (Object listed : pending) {
        String questionId = ((JsonObject) listed).getString("questionId");
        expect(await(api.post(owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
          new JsonObject().put("response", "yes")), "an answer"), 200);
        JsonObject polled = expect(await(api.request(HttpMethod.GET, "/api/v1/mesh/supervisor/questions/"
          + questionId + "/poll").putHeader("X-Tool-Key", supervisorToolKey).send(), "a poll"), 200);
        assertThat(polled.getString("response")).isEqualTo("yes");
      }
    }

    /** The evaluator writes a passing verdict and finishes. */
    private void evaluate(Fleet daemons, JsonObject evaluator) {
      JsonObject verdict = new JsonObject().put("passed", true).put("overallScore", 0.9)
        .put("confidenceLevel", "green");
      api.request(HttpMethod.POST, "/api/v1/contracts/" + evaluator.getString("contractId") + "/files")
        .putHeader("X-Tool-Key", evaluator.getString("toolKey"))
        .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", verdict.encode()))
        .onSuccess(written -> daemons.complete(evaluator.getString("taskId")));
    }

    /** Completes once the owner has no task that is not final, as its dashboard hears tasks end. */
    private Future<Void> everyTaskEnded(FrameSocket dashboard) {
      Promise<Void> ended = Promise.promise();
      checkEnded(dashboard, ended);
      return ended.future();
    }

    /** Reads what is still open, again after each task update the dashboard hears (a worker reads it). */
    private void checkEnded(FrameSocket dashboard, Promise<Void> ended) {
      String open = HubDatabase.text(dbUrl,
        "select count(*) from tasks where status in ('pending', 'interrupted', 'starting', 'running', 'paused')");
      if ("0".equals(open)) {
        ended.tryComplete();
        return;
      }
      dashboard.await(event -> "taskUpdated".equals(event.getString("type"))).onSuccess(next ->
        vertx.executeBlocking(() -> {
          checkEnded(dashboard, ended);
          return null;
        }));
    }
  }

  private static Predicate<JsonObject> task(String taskId) {
    return spawn -> taskId.equals(spawn.getString("taskId"));
  }

  private static Predicate<JsonObject> named(String name) {
    return spawn -> name.equals(spawn.getString("taskName"));
  }

  private static Predicate<JsonObject> load() {
    return spawn -> spawn.getString("taskName", "").startsWith(LOAD);
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, 120, what);
  }
}
