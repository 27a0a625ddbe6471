package io.meshhub.app;

import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.core.HubContext;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClusterNodes;
import io.meshhub.support.DirectiveAgents;
import io.meshhub.support.FrameSocket;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Three hub nodes, each a JVM of its own, on one Postgres and one Hazelcast cluster, behave as one hub: work made on
 * one node runs on daemons of the others, questions and events cross nodes, racing nodes dispatch each task once,
 * and a node killed with SIGKILL loses nothing.
 */
class ClusterTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterTest.class);
  /** The orphan sweep at a production-like pace, so that a dead node's tasks are retried in time. */
  private static final Map<String, String> SETTINGS = Map.of("scheduler.sweepMs", "500");

  private static Vertx vertx;

  @BeforeAll
  static void client() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeClient() {
    vertx.close();
  }

  @Test
  void threeNodesShareDaemonsQuestionsAndEvents(@TempDir Path dir) {
    try (ClusterNodes nodes = ClusterNodes.start(3, dir, SETTINGS)) {
      List<Api> apis = apis(nodes);
      for (Api api : apis) {
        JsonObject ready = expect(Blocking.await(api.request(HttpMethod.GET, "/ready").send(), 30, "/ready"), 200);
        assertThat(ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(check -> "cluster".equals(check.getString("id"))).map(check -> check.getString("status")))
          .as("the cluster check of a node that joined").containsExactly("UP");
      }
      TestOwner owner = Blocking.await(apis.get(0).newOwner(), 30, "an owner");
      FrameSocket dashboard = dashboard(nodes.port(0), owner);
      TestDaemon onTwo = Blocking.await(TestDaemon.connect(vertx, nodes.port(1), owner.apiKey(), 2), 30, "daemon 2");
      TestDaemon onThree = Blocking.await(TestDaemon.connect(vertx, nodes.port(2), owner.apiKey(), 2), 30,
        "daemon 3");
      String contractId = Blocking.await(apis.get(0).createContract(owner, "clustered"), 30, "a contract");
      Map<String, TestDaemon> ranOn = new ConcurrentHashMap<>();
      Map<String, JsonObject> spawns = new ConcurrentHashMap<>();
      Promise<Void> fourSpawned = Promise.promise();
      for (TestDaemon daemon : List.of(onTwo, onThree)) {
        collect(daemon, spawn -> {
          ranOn.put(spawn.getString("taskId"), daemon);
          spawns.put(spawn.getString("taskId"), spawn);
          if (spawns.size() == 4) {
            fourSpawned.tryComplete();
          }
        });
      }
      List<String> taskIds = IntStream.range(0, 4).mapToObj(i -> Blocking.await(apis.get(0).createTask(owner,
        task("made on node 1 #" + i).put("contractId", contractId)), 30, "a task").getString("id")).toList();
      Blocking.await(fourSpawned.future(), 30, "the four spawns");
      assertThat(ranOn.keySet()).containsExactlyInAnyOrderElementsOf(taskIds);
      assertThat(ranOn.values().stream().filter(onTwo::equals)).hasSize(2);
      assertThat(ranOn.values().stream().filter(onThree::equals)).hasSize(2);

      // A dashboard on node 1 hears of a task whose daemon is on node 3.
      String onNodeThree = taskIds.stream().filter(id -> ranOn.get(id) == onThree).findFirst().orElseThrow();
      Future<JsonObject> heard = dashboard.await(event -> "taskUpdated".equals(event.getString("type"))
        && onNodeThree.equals(event.getString("taskId")) && "running".equals(event.getString("status")));
      onThree.reportRunning(UUID.fromString(onNodeThree));
      Blocking.await(heard, 30, "node 1's dashboard to hear of node 3's task");

      // Asked through node 2, answered through node 3: the blocked ask wakes with the answer.
      Future<HttpResponse<Buffer>> asked = apis.get(1).request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions")
        .putHeader("X-Tool-Key", spawns.get(onNodeThree).getString("toolKey"))
        .sendJsonObject(new JsonObject().put("question", "Which region?").put("timeoutSeconds", 60));
      JsonObject question = Blocking.await(dashboard.await("questionAsked"), 30, "the question on node 1");
      expect(Blocking.await(apis.get(2).post(owner.apiKey(), "/api/v1/mesh/questions/"
        + question.getString("questionId") + "/answer", new JsonObject().put("response", "eu-west")), 30,
        "the answer through node 3"), 200);
      assertThat(expect(Blocking.await(asked, 30, "the ask through node 2"), 200).getString("response"))
        .isEqualTo("eu-west");
      // The agent's daemon, on node 3, is told too.
      assertThat(Blocking.await(onThree.await(frame -> "sendMessage".equals(frame.getString("type"))
        && onNodeThree.equals(frame.getString("taskId"))), 30, "the answer forwarded to daemon 3")
        .getString("message")).contains("eu-west");

      aKeyRevokedOnOneNodeStopsWorkingOnTheOthers(apis, nodes, owner);
    }
  }

  /**
   * Nodes keep the owner keys they found: a key used on nodes 2 and 3, then revoked through node 1, is refused by
   * both once the revocation reached them (their sockets opened with it are told, which is when the test asks).
   */
  private static void aKeyRevokedOnOneNodeStopsWorkingOnTheOthers(List<Api> apis, ClusterNodes nodes,
                                                                  TestOwner owner) {
    JsonObject second = expect(Blocking.await(apis.get(0).post(owner.apiKey(), "/api/v1/keys", new JsonObject()), 30,
      "a second key"), 201);
    String key = second.getString("apiKey");
    for (int node : List.of(1, 2)) {
      expect(Blocking.await(apis.get(node).get(key, "/api/v1/me"), 30, "the key used on node " + (node + 1)), 200);
    }
    FrameSocket onTwo = dashboard(nodes.port(1), new TestOwner(owner.id(), owner.name(), key));
    TestDaemon onThree = Blocking.await(TestDaemon.connect(vertx, nodes.port(2), key, 1), 30, "a daemon on node 3");
    Future<JsonObject> toldOnTwo = onTwo.await("error");
    Future<JsonObject> toldOnThree = onThree.await("error");
    assertThat(Blocking.await(apis.get(0).as(owner.apiKey(), HttpMethod.DELETE, "/api/v1/keys/"
      + second.getString("id")).send(), 30, "the revocation through node 1").statusCode()).isEqualTo(204);
    Blocking.await(Future.all(toldOnTwo, toldOnThree), 30, "nodes 2 and 3 to hear of the revocation");
    for (int node : List.of(1, 2)) {
      assertThat(expect(Blocking.await(apis.get(node).get(key, "/api/v1/me"), 30, "the key on node " + (node + 1)),
        401).getString("code")).isEqualTo("UNAUTHORIZED");
    }
  }

  @Test
  void aDirectivesStepsRunOnDaemonsOfDifferentNodesAndItCompletesOnce(@TempDir Path dir) {
    try (ClusterNodes nodes = ClusterNodes.start(3, dir, SETTINGS)) {
      List<Api> apis = apis(nodes);
      TestOwner owner = Blocking.await(apis.get(0).newOwner(), 30, "an owner");
      FrameSocket dashboard = dashboard(nodes.port(0), owner);
      List<TestDaemon> daemons = List.of(
        Blocking.await(TestDaemon.connect(vertx, nodes.port(1), owner.apiKey(), 1), 30, "daemon 2"),
        Blocking.await(TestDaemon.connect(vertx, nodes.port(2), owner.apiKey(), 1), 30, "daemon 3"));
      String directiveId = expect(Blocking.await(apis.get(0).post(owner.apiKey(), "/api/v1/directives",
        new JsonObject().put("title", "Cluster").put("goal", "Build it across nodes")
          .put("acceptanceCriteria", new JsonArray().add("it works"))), 30, "a directive"), 201).getString("id");
      Future<JsonObject> completed = dashboard.await(event -> "directiveUpdated".equals(event.getString("type"))
        && directiveId.equals(event.getString("directiveId")) && "completed".equals(event.getString("status")));
      expect(Blocking.await(apis.get(0).post(owner.apiKey(), "/api/v1/directives/" + directiveId + "/start",
        new JsonObject()), 30, "the start"), 200);

      Spawned planner = Blocking.await(spawned(daemons, "Cluster - Planner"), 30, "the planner");
      expect(Blocking.await(apis.get(1).request(HttpMethod.POST, "/api/v1/directives/" + directiveId + "/plan")
        .putHeader("X-Tool-Key", planner.frame().getString("toolKey")).sendJsonObject(DirectiveAgents.diamond()), 30,
        "the plan, through node 2"), 200);
      expect(Blocking.await(apis.get(2).request(HttpMethod.POST, "/api/v1/contracts/"
        + planner.frame().getString("contractId") + "/complete")
        .putHeader("X-Tool-Key", planner.frame().getString("toolKey")).send(), 30, "the planning, through node 3"),
        200);
      planner.daemon().complete(UUID.fromString(planner.frame().getString("taskId")), true, "planned");

      pass(apis, Blocking.await(spawned(daemons, "A"), 30, "step A"), daemons);
      Future<Spawned> left = spawned(daemons, "B");
      Future<Spawned> right = spawned(daemons, "C");
      Blocking.await(Future.all(left, right), 30, "steps B and C");
      assertThat(left.result().daemon()).as("B and C run side by side, on the daemons of nodes 2 and 3")
        .isNotSameAs(right.result().daemon());
      pass(apis, left.result(), daemons);
      pass(apis, right.result(), daemons);
      pass(apis, Blocking.await(spawned(daemons, "D"), 30, "step D"), daemons);

      Blocking.await(completed, 30, "the directive to complete");
      JsonArray evaluations = expectArray(Blocking.await(apis.get(2).get(owner.apiKey(), "/api/v1/directives/"
        + directiveId + "/evaluations"), 30, "the evaluations"));
      assertThat(evaluations.stream().map(evaluation -> ((JsonObject) evaluation).getString("stepId")).distinct())
        .hasSize(4);
      assertThat(evaluations).hasSize(4);
      JsonArray events = expectArray(Blocking.await(apis.get(1).get(owner.apiKey(), "/api/v1/directives/"
        + directiveId + "/events"), 30, "the directive's log"));
      assertThat(events.stream().map(JsonObject.class::cast)
        .filter(event -> "directive_completed".equals(event.getString("eventType")))).hasSize(1);
    }
  }

  /** Three nodes' schedulers race for every task: 1,000 in {@code mvn verify}, 10,000 in {@code -Pchaos}. */
  @Test
  void tasksCreatedThroughEveryNodeAtOnceAreEachDispatchedOnce(@TempDir Path dir) {
    int tasks = Integer.getInteger("race.clusterTasks", 1_000);
    try (ClusterNodes nodes = ClusterNodes.start(3, dir, SETTINGS)) {
      List<Api> apis = apis(nodes);
      TestOwner owner = Blocking.await(apis.get(0).newOwner(), 30, "an owner");
      FrameSocket dashboard = dashboard(nodes.port(0), owner);
      Promise<Void> allEnded = Promise.promise();
      watchEnds(dashboard, ConcurrentHashMap.newKeySet(), tasks, allEnded);
      Map<String, AtomicInteger> spawned = new ConcurrentHashMap<>();
      AtomicInteger spawns = new AtomicInteger();
      Promise<Void> allDone = Promise.promise();
      List<TestDaemon> daemons = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        TestDaemon daemon = Blocking.await(TestDaemon.connect(vertx, nodes.port(i % 3), owner.apiKey(), 4), 30,
          "a daemon");
        daemons.add(daemon);
        collect(daemon, spawn -> {
          spawned.computeIfAbsent(spawn.getString("taskId"), id -> new AtomicInteger()).incrementAndGet();
          daemon.complete(UUID.fromString(spawn.getString("taskId")), true, "done");
          if (spawns.incrementAndGet() == tasks) {
            allDone.tryComplete();
          }
        });
      }
      // 60 requests in flight at a time, spread over the three nodes.
      for (int batch = 0; batch < tasks / 60 + 1; batch++) {
        int first = batch * 60;
        Blocking.await(Future.all(IntStream.range(first, Math.min(first + 60, tasks)).mapToObj(i ->
          apis.get(i % 3).createTask(owner, task("race-" + i))).toList()), 60, "a batch of creations");
      }
      Blocking.await(allDone.future(), 120 + tasks / 50, "every task to be spawned");
      Blocking.await(allEnded.future(), 60, "every task's end to be announced");
      assertThat(spawned).hasSize(tasks);
      assertThat(spawned.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));

      int done = 0;
      for (int offset = 0; offset < tasks; offset += 1_000) {
        done += expectArray(Blocking.await(apis.get(1).get(owner.apiKey(),
          "/api/v1/mesh/tasks?status=done&limit=1000&offset=" + offset), 30, "the done tasks")).size();
      }
      assertThat(done).isEqualTo(tasks);
      System.out.printf("races: %d tasks created through three nodes at once, each dispatched once%n", tasks);
      JsonArray listed = expectArray(Blocking.await(apis.get(2).get(owner.apiKey(), "/api/v1/mesh/daemons"), 30,
        "the daemons"));
      assertThat(listed.stream().map(JsonObject.class::cast)).allSatisfy(daemon ->
        assertThat(daemon.getInteger("currentTaskCount")).as(daemon.encode()).isZero());
    }
  }

  @Test
  void aNodeKilledUnderLoadLosesNothing(@TempDir Path dir) {
    int load = 150;
    try (ClusterNodes nodes = ClusterNodes.start(3, dir, SETTINGS)) {
      List<Api> apis = apis(nodes);
      TestOwner owner = Blocking.await(apis.get(0).newOwner(), 30, "an owner");
      String contractId = Blocking.await(apis.get(0).createContract(owner, "survivor"), 30, "a contract");
      FrameSocket dashboard = dashboard(nodes.port(0), owner);
      // On node 3: a daemon that will come back to node 2 and one that will not, each running a task.
      TestDaemon returning = Blocking.await(TestDaemon.connect(vertx, nodes.port(2), owner.apiKey(), 1), 30,
        "the daemon that comes back");
      JsonObject kept = startOn(apis.get(2), owner, contractId, returning, "kept", dashboard);
      TestDaemon lost = Blocking.await(TestDaemon.connect(vertx, nodes.port(2), owner.apiKey(), 1), 30,
        "the daemon that does not");
      JsonObject retried = startOn(apis.get(2), owner, contractId, lost, "retried", dashboard);
      // A question pending when the node dies.
      expect(Blocking.await(apis.get(2).request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions")
        .putHeader("X-Tool-Key", kept.getString("toolKey"))
        .sendJsonObject(new JsonObject().put("question", "Still there?").put("nonBlocking", true)), 30,
        "the question"), 200);

      // The load: daemons on nodes 1 and 3 complete whatever they get; tasks stream in through nodes 1 and 2.
      Map<String, AtomicInteger> spawned = new ConcurrentHashMap<>();
      Promise<Void> halfway = Promise.promise();
      Promise<Long> retriedAgain = Promise.promise();
      for (int i = 0; i < 4; i++) {
        TestDaemon worker = Blocking.await(TestDaemon.connect(vertx, nodes.port(i % 2 == 0 ? 0 : 2), owner.apiKey(),
          3), 30, "a worker daemon");
        // It ends each task as it gets it, and says so in its heartbeats: a task assigned to it by the node that
        // died, whose spawn never reached it, is missing from them and retried.
        worker.listRunning(JsonArray::new);
        collect(worker, spawn -> {
          String taskId = spawn.getString("taskId");
          if (taskId.equals(retried.getString("taskId"))) {
            retriedAgain.tryComplete(System.nanoTime());
          }
          if (spawned.computeIfAbsent(taskId, id -> new AtomicInteger()).incrementAndGet() == 1
            && spawned.size() >= load / 2) {
            halfway.tryComplete();
          }
          worker.complete(UUID.fromString(taskId), true, "done");
        });
      }
      Future<Void> created = Future.succeededFuture();
      for (int batch = 0; batch < load / 30; batch++) {
        int first = batch * 30;
        created = created.compose(previous -> Future.all(IntStream.range(first, first + 30).mapToObj(i ->
          apis.get(i % 2).createTask(owner, task("load-" + i))).toList()).mapEmpty());
      }
      Blocking.await(halfway.future(), 60, "the load to be half way");

      long killedAt = System.nanoTime();
      nodes.kill(2);
      returning.kill();
      lost.kill();
      // The daemon reconnects to node 2 with its identity and the task it still runs: it keeps it.
      TestDaemon back = Blocking.await(TestDaemon.connect(vertx, nodes.port(1), TestDaemon.register(owner.apiKey(), 1)
        .put("daemonId", returning.daemonId().toString())
        .put("runningTaskIds", new JsonArray().add(kept.getString("taskId")))), 30, "the daemon back on node 2");
      // Once its task is done it is a worker like the others.
      AtomicBoolean keptDone = new AtomicBoolean();
      back.listRunning(() -> keptDone.get() ? new JsonArray() : new JsonArray().add(kept.getString("taskId")));
      collect(back, spawn -> back.complete(UUID.fromString(spawn.getString("taskId")), true, "done"));
      long retriedAt = Blocking.await(retriedAgain.future(), 30, "the lost daemon's task retried on node 1");
      log.info("A dead node's task was dispatched again {} ms after the node was killed (daemons.timeoutMs 3000)",
        (retriedAt - killedAt) / 1_000_000);
      Blocking.await(created, 60, "the load to be created");

      JsonObject keptNow = expect(Blocking.await(apis.get(0).get(owner.apiKey(), "/api/v1/mesh/tasks/"
        + kept.getString("taskId")), 30, "the kept task"), 200);
      assertThat(keptNow.getString("status")).isEqualTo("running");
      assertThat(keptNow.getString("daemonId")).isEqualTo(returning.daemonId().toString());
      assertThat(keptNow.getInteger("retryCount")).isZero();

      // The question is still pending and answerable, through another node; the agent, back on node 2, hears it.
      JsonArray pending = expectArray(Blocking.await(apis.get(0).get(owner.apiKey(), "/api/v1/mesh/questions"), 30,
        "the pending questions"));
      assertThat(pending).hasSize(1);
      expect(Blocking.await(apis.get(0).post(owner.apiKey(), "/api/v1/mesh/questions/"
        + pending.getJsonObject(0).getString("questionId") + "/answer", new JsonObject().put("response", "yes")), 30,
        "the answer"), 200);
      assertThat(Blocking.await(back.await("sendMessage", UUID.fromString(kept.getString("taskId"))), 30,
        "the answer forwarded").getString("message")).contains("yes");
      keptDone.set(true);
      back.complete(UUID.fromString(kept.getString("taskId")), true, "kept and done");

      // Every task ends in exactly one final state; nothing stays on a session that is gone.
      JsonObject counts = finalStates(nodes, owner, dashboard, load + 2);
      assertThat(counts.getLong("tasks")).isEqualTo(load + 2L);
      assertThat(counts.getLong("done_once")).as(counts.encodePrettily()).isEqualTo(load + 2L);
      assertThat(counts.getLong("on_gone_sessions")).as(counts.encodePrettily()).isZero();
      JsonArray daemons = expectArray(Blocking.await(apis.get(0).get(owner.apiKey(), "/api/v1/mesh/daemons"), 30,
        "the daemons"));
      assertThat(daemons.stream().map(JsonObject.class::cast)
        .filter(daemon -> lost.daemonId().toString().equals(daemon.getString("id")))
        .map(daemon -> daemon.getString("status"))).containsExactly("disconnected");
    }
  }

  /**
   * Once the dashboard has heard every task of the owner end (or 15 s have passed: an end committed by the
   * killed node just before it died was never announced, and the database has the last word): how many tasks there
   * are, how many ended done exactly once (one final status change in the log), and how many are still on a daemon
   * without a live session.
   */
  private static JsonObject finalStates(ClusterNodes nodes, TestOwner owner, FrameSocket dashboard, int expected) {
    Promise<Void> heard = Promise.promise();
    watchEnds(dashboard, ConcurrentHashMap.newKeySet(), expected, heard);
    long limit = vertx.setTimer(15_000, timer -> heard.tryComplete());
    Blocking.await(heard.future(), 90, "every task to end");
    vertx.cancelTimer(limit);
    Pool pool = HubContext.pool(vertx, PgConnectOptions.fromUri(nodes.dbUrl()), 2);
    String sql = """
      select
        (select count(*) from tasks where owner_id = $1) as tasks,
        (select count(*) from tasks t where t.owner_id = $1 and t.status = 'done'
           and (select count(*) from task_events e where e.task_id = t.id and e.event_type = 'status_change'
                and e.event_data ->> 'status' in ('done', 'failed', 'cancelled', 'merged')) = 1) as done_once,
        (select count(*) from tasks t where t.owner_id = $1 and t.status in ('starting', 'running', 'paused')
           and not exists (select 1 from daemons d where d.id = t.daemon_id and d.status = 'connected'
                           and d.session_id is not null)) as on_gone_sessions,
        (select string_agg(t.name || ' ' || t.status || ' on ' || coalesce(t.daemon_id::text, '-') || ' retries '
                           || t.retry_count || ': ' || (select string_agg(e.event_data::text, ' > ' order by e.id)
                                                      from task_events e where e.task_id = t.id), '; ')
           from tasks t where t.owner_id = $1 and t.status <> 'done') as not_done""";
    try {
      return Blocking.await(pool.preparedQuery(sql).execute(Tuple.of(owner.id()))
        .map(rows -> rows.iterator().next().toJson()), 30, "the final states");
    } finally {
      pool.close();
    }
  }

  private static void watchEnds(FrameSocket dashboard, Set<String> ended, int expected, Promise<Void> heard) {
    dashboard.await(event -> "taskUpdated".equals(event.getString("type"))
        && List.of("done", "failed", "cancelled").contains(event.getString("status")))
      .onSuccess(event -> {
        ended.add(event.getString("taskId"));
        if (ended.size() >= expected) {
          heard.tryComplete();
        } else {
          watchEnds(dashboard, ended, expected, heard);
        }
      });
  }

  /** A spawn, and the daemon (on some node) that got it. */
  private record Spawned(TestDaemon daemon, JsonObject frame) {
  }

  /** The spawn of the task of this name, on whichever daemon gets it. */
  private static Future<Spawned> spawned(List<TestDaemon> daemons, String taskName) {
    Promise<Spawned> first = Promise.promise();
    daemons.forEach(daemon -> daemon.await(DirectiveAgents.named(taskName)::test)
      .onSuccess(frame -> first.tryComplete(new Spawned(daemon, frame))));
    return first.future();
  }

  /** The step's work ends; its evaluator, on whichever daemon, passes it through one node or another. */
  private static void pass(List<Api> apis, Spawned step, List<TestDaemon> daemons) {
    String name = step.frame().getString("taskName");
    step.daemon().complete(UUID.fromString(step.frame().getString("taskId")), true, name + " done");
    Spawned evaluator = Blocking.await(spawned(daemons, name + " - Evaluator"), 30, "the evaluator of " + name);
    Api through = apis.get(Math.abs(name.hashCode()) % apis.size());
    expect(Blocking.await(through.request(HttpMethod.POST, "/api/v1/contracts/"
        + evaluator.frame().getString("contractId") + "/files")
      .putHeader("X-Tool-Key", evaluator.frame().getString("toolKey"))
      .sendJsonObject(new JsonObject().put("name", "evaluation-result").put("content", new JsonObject()
        .put("passed", true).put("overallScore", 0.9).put("confidenceLevel", "green").encode())), 30,
      "the verdict of " + name), 201);
    evaluator.daemon().complete(UUID.fromString(evaluator.frame().getString("taskId")), true, "evaluated");
  }

  private static List<Api> apis(ClusterNodes nodes) {
    return IntStream.range(0, 3).mapToObj(i -> new Api(vertx, nodes.port(i), nodes.adminKey())).toList();
  }

  private static FrameSocket dashboard(int port, TestOwner owner) {
    return Blocking.await(FrameSocket.dashboard(vertx, port, owner.apiKey()), 30, "a dashboard");
  }


  /** Hands every spawnTask the daemon gets to {@code onSpawn}. */
  private static void collect(TestDaemon daemon, Consumer<JsonObject> onSpawn) {
    daemon.await("spawnTask").onSuccess(spawn -> {
      onSpawn.accept(spawn);
      collect(daemon, onSpawn);
    });
  }

  /** A contract task made through this node, running on this daemon (as the dashboard heard): its spawn frame. */
  private static JsonObject startOn(Api api, TestOwner owner, String contractId, TestDaemon daemon, String name,
                                    FrameSocket dashboard) {
    String taskId = Blocking.await(api.createTask(owner, task(name).put("contractId", contractId)), 30, "a task")
      .getString("id");
    JsonObject spawn = Blocking.await(daemon.await("spawnTask", UUID.fromString(taskId)), 30, "its spawn");
    Future<JsonObject> running = dashboard.await(event -> "taskUpdated".equals(event.getString("type"))
      && taskId.equals(event.getString("taskId")) && "running".equals(event.getString("status")));
    daemon.reportRunning(UUID.fromString(taskId));
    Blocking.await(running, 30, "the task to run");
    return spawn;
  }

}
