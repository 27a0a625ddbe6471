package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.UUID;

/**
 * A contract with a red team gets one monitor when its work starts. The monitor reads that contract's work output
 * and nothing else, and what it reports reaches the supervisor and the contract's history.
 */
class RedTeamTest extends OwnerTest {

  private static final JsonObject RED_TEAM = new JsonObject().put("redTeamEnabled", true)
    .put("redTeamPrompt", "passwords are hashed with bcrypt");
  private static final String MONITOR = "Red Team Monitor";

  /** The monitor's task id and tool key, and the spawn that started it. */
  private record Monitor(UUID taskId, String toolKey, JsonObject spawn) {
  }

  @Test
  void oneMonitorPerContractReadsOnlyThatContractsWorkOutput(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 8, RED_TEAM).compose(s -> Future.all(
          Supervisors.spawn(api, s, "login"), Supervisors.spawn(api, s, "signup"))
        .map(both -> both.<HttpResponse<Buffer>>list().stream()
          .map(spawned -> UUID.fromString(expect(spawned, 201).getString("id"))).toList())
        .compose(work -> monitorOf(s.daemon(), s.contractId()).map(check(monitor -> {
            JsonObject spawn = monitor.spawn();
            assertThat(spawn.getString("plan")).contains("passwords are hashed with bcrypt", "redteam-notify");
            assertThat(spawn.getBoolean("localOnly")).isTrue();
            assertThat(spawn.getBoolean("isSupervisor")).isFalse();
            assertThat(spawn.getValue("repoUrl")).isNull();
          }))
          .compose(monitor -> otherContractsWork(vertx, s)
            .compose(others -> {
              work.forEach(s.daemon()::reportRunning);
              output(s.daemon(), s.supervisorId(), "the supervisor thinks aloud");
              output(s.daemon(), work.get(0), "login form written");
              return s.daemon().await(frame -> "sendMessage".equals(frame.getString("type"))
                && monitor.taskId().toString().equals(frame.getString("taskId")));
            })
            .map(check(forwarded -> {
              assertThat(forwarded.getString("message")).contains("login", work.get(0).toString(),
                "login form written");
              // Frames reach the daemon in the order they were sent: nothing else was forwarded to it before.
              assertThat(s.daemon().unclaimed("sendMessage")).noneMatch(frame ->
                monitor.taskId().toString().equals(frame.getString("taskId")));
            }))
            .compose(forwarded -> api.get(owner.apiKey(), "/api/v1/mesh/tasks?contractId=" + s.contractId()))
            .map(check(listed -> assertThat(expectArray(listed).stream().map(JsonObject.class::cast)
              .filter(listedTask -> listedTask.getBoolean("isRedTeam"))).hasSize(1)))))
        .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aFindingReachesTheSupervisorAndTheContractsHistory(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 4, RED_TEAM).compose(s -> Supervisors.spawn(api, s, "auth")
        .map(spawned -> expect(spawned, 201).getString("id"))
        .compose(workId -> monitorOf(s.daemon(), s.contractId()).compose(monitor -> notify(monitor.toolKey(),
              new JsonObject().put("message", "passwords are stored in plain text").put("severity", "critical")
                .put("taskId", workId).put("file", "src/Auth.java").put("context", "the spec asks for bcrypt"))
            .map(check(notified -> assertThat(expect(notified, 200).getBoolean("forwarded")).isTrue()))
            .compose(notified -> s.daemon().await("sendMessage", s.supervisorId()))
            .map(check(message -> assertThat(message.getString("message")).contains(
              "[Red Team · CRITICAL] passwords are stored in plain text", "Task: " + workId, "File: src/Auth.java",
              "Context: the spec asks for bcrypt")))
            .compose(message -> api.get(owner.apiKey(), "/api/v1/history?contractId=" + s.contractId()))
            .map(check(history -> assertThat(expectArray(history).stream().map(JsonObject.class::cast)
              .filter(entry -> "red_team".equals(entry.getString("entity")))).singleElement()
              .satisfies(entry -> {
                assertThat(entry.getString("action")).isEqualTo("notified");
                assertThat(entry.getString("taskId")).isEqualTo(workId);
                assertThat(entry.getJsonObject("data").getString("severity")).isEqualTo("critical");
              })))
            .compose(listed -> notify(s.toolKey(), new JsonObject().put("message", "me too").put("severity", "low")))
            .map(check(notMonitor -> assertThat(expect(notMonitor, 403).getString("message"))
              .contains("red-team monitor")))
            .compose(notMonitor -> notify(monitor.toolKey(), new JsonObject().put("message", "x")
              .put("severity", "apocalyptic")))
            .map(check(badSeverity -> assertThat(expect(badSeverity, 400).getString("message")).contains("severity")))
            .compose(badSeverity -> api.createTask(owner, task("elsewhere")))
            .compose(elsewhere -> notify(monitor.toolKey(), new JsonObject().put("message", "x").put("severity", "low")
              .put("taskId", elsewhere.getString("id"))))
            .map(check(notOfItsContract -> expect(notOfItsContract, 404)))))
        .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  /**
   * Another contract of the owner and a contract of another owner, each with a red team and work that reports:
   * each one's monitor gets its own contract's output, never theirs.
   */
  private Future<Void> otherContractsWork(Vertx vertx, Supervised s) {
    return api.post(owner.apiKey(), "/api/v1/contracts", RED_TEAM.copy().put("name", "docs"))
      .map(created -> expect(created, 201).getString("id"))
      .compose(docs -> api.createTask(owner, task("guide").put("contractId", docs))
        .compose(guide -> monitorOf(s.daemon(), docs).compose(docsMonitor -> {
          UUID guideId = UUID.fromString(guide.getString("id"));
          s.daemon().reportRunning(guideId);
          output(s.daemon(), guideId, "the guide's draft");
          return s.daemon().await(frame -> "sendMessage".equals(frame.getString("type"))
            && docsMonitor.taskId().toString().equals(frame.getString("taskId")));
        })))
      .map(check(docsForwarded -> assertThat(docsForwarded.getString("message")).contains("the guide's draft")))
      .compose(docsForwarded -> api.newOwner())
      .compose(stranger -> strangersWork(vertx, stranger));
  }

  private Future<Void> strangersWork(Vertx vertx, TestOwner stranger) {
    return TestDaemon.connect(vertx, hub.port(), stranger.apiKey(), 4).compose(theirs -> api.post(stranger.apiKey(),
        "/api/v1/contracts", RED_TEAM.copy().put("name", "theirs"))
      .map(created -> expect(created, 201).getString("id"))
      .compose(contract -> api.createTask(stranger, task("secret").put("contractId", contract))
        .compose(secret -> monitorOf(theirs, contract).compose(theirMonitor -> {
          UUID secretId = UUID.fromString(secret.getString("id"));
          theirs.reportRunning(secretId);
          output(theirs, secretId, "their secret work");
          return theirs.await(frame -> "sendMessage".equals(frame.getString("type"))
            && theirMonitor.taskId().toString().equals(frame.getString("taskId")));
        })))
      .map(check(forwarded -> assertThat(forwarded.getString("message")).contains("their secret work")))
      .<Void>mapEmpty()
      .eventually(theirs::kill));
  }

  /** The contract's monitor as its daemon was told to start it (reported running). */
  private static Future<Monitor> monitorOf(TestDaemon daemon, String contractId) {
    return daemon.await(frame -> "spawnTask".equals(frame.getString("type")) && MONITOR.equals(
        frame.getString("taskName")) && contractId.equals(frame.getString("contractId")))
      .map(spawn -> {
        UUID taskId = UUID.fromString(spawn.getString("taskId"));
        daemon.reportRunning(taskId);
        return new Monitor(taskId, spawn.getString("toolKey"), spawn);
      });
  }

  private static void output(TestDaemon daemon, UUID taskId, String content) {
    daemon.send(new JsonObject().put("type", "taskOutput").put("taskId", taskId.toString())
      .put("messageType", "assistant").put("content", content));
  }

  private Future<HttpResponse<Buffer>> notify(String toolKey, JsonObject finding) {
    return api.request(HttpMethod.POST, "/api/v1/mesh/redteam/notify").putHeader("X-Tool-Key", toolKey)
      .sendJsonObject(finding);
  }
}
