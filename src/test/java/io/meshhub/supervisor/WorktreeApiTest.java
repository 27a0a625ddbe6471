package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.UUID;

/**
 * Worktree operations round-trip through the daemon's {@code commandResult} and return its real data; a daemon
 * that never answers is a 504 (the shared hub waits 3 s) or, for a checkpoint, {@code commitSha: "pending"} (1 s).
 */
class WorktreeApiTest extends OwnerTest {

  private static final String SUPERVISOR = "/api/v1/mesh/supervisor/tasks/";

  @Test
  void readFileDiffAndMergeReturnTheDaemonsAnswers(Vertx vertx, VertxTestContext test) {
    supervisedWorker(vertx).compose(w -> {
      Future<HttpResponse<Buffer>> read = post(w.s(), SUPERVISOR + w.workerId() + "/read-file",
        new JsonObject().put("filePath", "src/Main.java"));
      return w.s().daemon().await("readFile", w.workerId())
        .compose(command -> {
          assertThat(command.getString("filePath")).isEqualTo("src/Main.java");
          w.s().daemon().answer(command, true, new JsonObject().put("content", "class Main {}").put("exists", true));
          return read;
        })
        .map(check(response -> {
          JsonObject file = expect(response, 200);
          assertThat(file.getString("content")).isEqualTo("class Main {}");
          assertThat(file.getBoolean("exists")).isTrue();
          assertThat(file.getString("filePath")).isEqualTo("src/Main.java");
        }))
        .compose(done -> {
          Future<HttpResponse<Buffer>> diff = api.request(HttpMethod.GET, SUPERVISOR + w.workerId() + "/diff")
            .putHeader("X-Tool-Key", w.s().toolKey()).send();
          return w.s().daemon().await("getTaskDiff", w.workerId()).compose(command -> {
            w.s().daemon().answer(command, true, new JsonObject().put("diff", "+class Main {}"));
            return diff;
          });
        })
        .map(check(response -> assertThat(expect(response, 200).getString("diff")).isEqualTo("+class Main {}")))
        .compose(done -> {
          Future<JsonObject> finished = HubEvents.taskCompleted(hub, w.workerId());
          w.s().daemon().complete(w.workerId(), true, "worker done");
          return finished;
        })
        .compose(finished -> {
          Future<HttpResponse<Buffer>> merge = post(w.s(), SUPERVISOR + w.workerId() + "/merge",
            new JsonObject().put("targetBranch", "main"));
          return w.s().daemon().await("mergeTaskToTarget", w.workerId()).compose(command -> {
            assertThat(command.getString("targetBranch")).isEqualTo("main");
            w.s().daemon().answer(command, true, new JsonObject().put("commitSha", "abc123")
              .put("conflicts", new JsonArray()));
            return merge;
          });
        })
        .map(check(response -> {
          JsonObject merged = expect(response, 200);
          assertThat(merged.getBoolean("success")).isTrue();
          assertThat(merged.getString("commitSha")).isEqualTo("abc123");
        }))
        .compose(done -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + w.workerId()))
        .map(check(task -> assertThat(expect(task, 200).getString("status")).isEqualTo("merged")))
        .eventually(w.s().daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void pathsEscapingTheWorktreeOnAnySystemNeverReachTheDaemon(Vertx vertx, VertxTestContext test) {
    supervisedWorker(vertx).compose(w -> Future.all(
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "../../etc/passwd")),
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "/etc/passwd")),
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "src/../../x")),
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "docs\\..\\..\\x")),
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "C:/Windows/win.ini")),
        post(w.s(), SUPERVISOR + w.workerId() + "/read-file", new JsonObject().put("filePath", "d:x")))
      .map(check(all -> {
        for (int i = 0; i < all.size(); i++) {
          JsonObject error = expect(all.resultAt(i), 400);
          assertThat(error.getString("code")).isEqualTo("VALIDATION_ERROR");
          assertThat(error.getString("message")).contains("filePath");
        }
      }))
      .compose(refused -> {
        Future<HttpResponse<Buffer>> fine = post(w.s(), SUPERVISOR + w.workerId() + "/read-file",
          new JsonObject().put("filePath", "docs/../README.md"));
        return w.s().daemon().await("readFile", w.workerId()).compose(first -> {
          assertThat(first.getString("filePath")).as("the first read the daemon sees").isEqualTo("docs/../README.md");
          w.s().daemon().answer(first, true, new JsonObject().put("exists", false));
          return fine;
        });
      })
      .map(check(fine -> assertThat(expect(fine, 200).getBoolean("exists")).isFalse()))
      .eventually(w.s().daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void branchPullRequestAndCheckpointRoundTripThroughTheSupervisorsDaemon(Vertx vertx, VertxTestContext test) {
    fixtures(vertx).compose(s -> {
      Future<HttpResponse<Buffer>> branch = api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/branches")
        .putHeader("X-Tool-Key", s.toolKey()).sendJsonObject(new JsonObject().put("branchName", "feature/x"));
      return s.daemon().await("createBranch", s.supervisorId())
        .compose(command -> {
          s.daemon().answer(command, true, new JsonObject().put("message", "created"));
          return branch;
        })
        .map(check(response -> {
          JsonObject created = expect(response, 201);
          assertThat(created.getBoolean("success")).isTrue();
          assertThat(created.getString("branchName")).isEqualTo("feature/x");
        }))
        .compose(done -> {
          Future<HttpResponse<Buffer>> pr = api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/pr")
            .putHeader("X-Tool-Key", s.toolKey()).sendJsonObject(new JsonObject().put("branch", "feature/x")
              .put("title", "Add x"));
          return s.daemon().await("createPR", s.supervisorId()).compose(command -> {
            s.daemon().answer(command, true, new JsonObject().put("prUrl", "https://example.org/pr/7")
              .put("prNumber", 7));
            return pr;
          });
        })
        .map(check(response -> {
          JsonObject opened = expect(response, 201);
          assertThat(opened.getString("prUrl")).isEqualTo("https://example.org/pr/7");
          assertThat(opened.getInteger("prNumber")).isEqualTo(7);
        }))
        .compose(done -> {
          Future<HttpResponse<Buffer>> checkpoint = post(s, "/api/v1/mesh/tasks/" + s.supervisorId() + "/checkpoint",
            new JsonObject().put("message", "halfway"));
          return s.daemon().await("createCheckpoint", s.supervisorId()).compose(command -> {
            s.daemon().send(new JsonObject().put("type", "checkpointCreated").put("taskId", s.supervisorId().toString())
              .put("commitSha", "c0ffee").put("message", "halfway"));
            s.daemon().answer(command, true, new JsonObject().put("commitSha", "c0ffee"));
            return checkpoint;
          });
        })
        .map(check(response -> {
          JsonObject taken = expect(response, 202);
          assertThat(taken.getString("commitSha")).isEqualTo("c0ffee");
          assertThat(taken.getInteger("checkpointNumber")).isEqualTo(1);
        }))
        .compose(done -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + s.supervisorId() + "/checkpoints"))
        .map(check(list -> assertThat(expect(list, 200).getJsonArray("checkpoints")).hasSize(1)))
        .eventually(s.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void rewindResetsTheWorktreeThroughItsDaemon(Vertx vertx, VertxTestContext test) {
    supervisedWorker(vertx).compose(w -> {
      Future<HttpResponse<Buffer>> rewind = post(w.s(), SUPERVISOR + w.workerId() + "/rewind",
        new JsonObject().put("commitSha", "c0ffee12"));
      return w.s().daemon().await("rewindCode", w.workerId())
        .compose(command -> {
          assertThat(command.getString("commitSha")).isEqualTo("c0ffee12");
          w.s().daemon().answer(command, true, new JsonObject().put("message", "worktree reset to c0ffee12"));
          return rewind;
        })
        .map(check(response -> {
          JsonObject rewound = expect(response, 200);
          assertThat(rewound.getBoolean("success")).isTrue();
          assertThat(rewound.getString("commitSha")).isEqualTo("c0ffee12");
          assertThat(rewound.getString("message")).isEqualTo("worktree reset to c0ffee12");
        }))
        .compose(done -> post(w.s(), SUPERVISOR + w.workerId() + "/rewind", new JsonObject().put("commitSha", "x;rm")))
        .map(check(response -> assertThat(expect(response, 400).getString("message")).contains("commitSha")))
        .eventually(w.s().daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void theContractsWayOfWorkingTravelsWithTheSpawn(Vertx vertx, VertxTestContext test) {
    JsonObject contract = new JsonObject().put("name", "flags").put("supervisorPlan", "lead the work")
      .put("localOnly", true).put("autoMergeLocal", true).put("autonomousLoop", true);
    TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1).compose(daemon ->
      api.post(owner.apiKey(), "/api/v1/contracts", contract).map(response -> expect(response, 201))
        .compose(created -> daemon.await("spawnTask", UUID.fromString(created.getString("supervisorTaskId"))))
        .map(check(spawn -> {
          assertThat(spawn.getBoolean("localOnly")).isTrue();
          assertThat(spawn.getBoolean("autoMergeLocal")).isTrue();
          assertThat(spawn.getBoolean("autonomousLoop")).isTrue();
          assertThat(spawn.getBoolean("isSupervisor")).isTrue();
        }))
        .eventually(daemon::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void silentDaemonMeans504ForMergeAndPrAndPendingForACheckpoint(Vertx vertx, VertxTestContext test) {
    supervisedWorker(vertx).compose(w -> Future.all(
        post(w.s(), SUPERVISOR + w.workerId() + "/merge", new JsonObject()),
        post(w.s(), "/api/v1/mesh/supervisor/pr", new JsonObject().put("branch", "b").put("title", "t")),
        post(w.s(), "/api/v1/mesh/tasks/" + w.s().supervisorId() + "/checkpoint",
          new JsonObject().put("message", "now")))
      .map(check(all -> {
        assertThat(expect(all.resultAt(0), 504).getString("code")).isEqualTo("DAEMON_TIMEOUT");
        assertThat(expect(all.resultAt(1), 504).getString("code")).isEqualTo("DAEMON_TIMEOUT");
        JsonObject pending = expect(all.resultAt(2), 202);
        assertThat(pending.getString("commitSha")).isEqualTo("pending");
        assertThat(pending.getString("message")).isEqualTo("now");
      }))
      .eventually(w.s().daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void taskWithoutADaemonIs503AndCheckpointsAreOwnTaskOnly(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 1).compose(s -> Supervisors.spawn(api, s, "queued").compose(queued -> {
      UUID queuedId = UUID.fromString(expect(queued, 201).getString("id"));
      return Future.all(
          post(s, SUPERVISOR + queuedId + "/read-file", new JsonObject().put("filePath", "a.txt")),
          post(s, "/api/v1/mesh/tasks/" + queuedId + "/checkpoint", new JsonObject().put("message", "not mine")))
        .map(check(all -> {
          assertThat(expect(all.resultAt(0), 503).getString("code")).isEqualTo("NO_DAEMON");
          assertThat(expect(all.resultAt(1), 403).getString("code")).isEqualTo("FORBIDDEN");
        }));
    }).eventually(s.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  /** A supervisor and a worker it spawned, both running on the supervisor's daemon. */
  private record Worker(Supervised s, UUID workerId) {
  }

  private Future<Worker> supervisedWorker(Vertx vertx) {
    return fixtures(vertx).compose(s -> Supervisors.spawn(api, s, "worker").compose(spawned -> {
      UUID workerId = UUID.fromString(expect(spawned, 201).getString("id"));
      return s.daemon().await("spawnTask", workerId).map(spawn -> {
        s.daemon().reportRunning(workerId);
        return new Worker(s, workerId);
      });
    }));
  }

  private Future<Supervised> fixtures(Vertx vertx) {
    return Supervisors.start(vertx, hub, api, owner, 2);
  }

  private Future<HttpResponse<Buffer>> post(Supervised s, String path, JsonObject body) {
    return Supervisors.post(api, s, path, body);
  }
}
