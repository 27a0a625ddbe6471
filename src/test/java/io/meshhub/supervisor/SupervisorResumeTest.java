package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.Api;
import io.meshhub.support.HubEvents;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An owner resumes a supervisor whose daemon was killed, in each of the three modes. On this hub a task has no
 * retries, so a supervisor whose daemon is lost fails and stays put until its owner resumes it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class SupervisorResumeTest {

  private static final String PATCH = "ZGlmZiAtLWdpdA==";

  private static RunningHub hub;

  private Api api;
  private TestOwner owner;

  @BeforeAll
  static void startHub() {
    hub = TestHub.OwnHub.create().with(Map.of("tasks.maxRetries", "0")).start();
  }

  @AfterAll
  static void stopHub() {
    hub.stop();
  }

  @Test
  void continueOnAnotherDaemonResumesTheSessionAndRedeliversTheQuestion(Vertx vertx, VertxTestContext test) {
    JsonArray conversation = new JsonArray().add(message("m1", "plan the work")).add(message("m2", "spawned"));
    newOwner(vertx).compose(ignored -> Supervisors.start(vertx, hub, api, owner, 2)).compose(s ->
      Supervisors.spawn(api, s, "helper").map(spawned -> expect(spawned, 201).getString("id"))
        .compose(helperId -> saved(s, () -> {
            // A daemon's frames are handled in order: once the conversation is saved, so is the checkpoint.
            s.daemon().send(checkpoint(s, "c1", PATCH, "base1"));
            s.daemon().send(conversation(s, conversation));
          })
          .compose(talked -> Supervisors.post(api, s, "/api/v1/mesh/supervisor/questions", new JsonObject()
            .put("question", "Ship it?").put("choices", new JsonArray().add("yes").add("no"))
            .put("phaseguard", true).put("nonBlocking", true)))
          .map(asked -> expect(asked, 200).getString("questionId"))
          .compose(questionId -> lose(s).compose(lost -> resume(s, "continue", null))
            .map(check(noDaemon -> assertThat(expect(noDaemon, 503).getString("code")).isEqualTo("NO_DAEMON")))
            .compose(noDaemon -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2))
            .compose(other -> resume(s, "sideways", null)
              .map(check(unknown -> assertThat(expect(unknown, 400).getString("message"))
                .contains("continue", "restart_phase", "from_checkpoint")))
              .compose(unknown -> continueOn(s, other, helperId, questionId, conversation))
              .compose(resumed -> answerAfterRestore(s, other, questionId))
              .eventually(other::kill)))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void fromACheckpointRestoresItsCodeAndConversationAndRestartingThePhaseClearsTheConversation(
      Vertx vertx, VertxTestContext test) {
    Instant now = Instant.now();
    JsonArray conversation = new JsonArray().add(message("m1", now.minus(1, ChronoUnit.DAYS)))
      .add(message("m2", now.plus(1, ChronoUnit.DAYS))).add(message("m3", now.plus(2, ChronoUnit.DAYS)));
    newOwner(vertx).compose(ignored -> Supervisors.start(vertx, hub, api, owner, 1)).compose(s ->
      saved(s, () -> {
          s.daemon().send(checkpoint(s, "c1", "b25l", "base1"));
          s.daemon().send(checkpoint(s, "c2", "dHdv", "base1"));
          s.daemon().send(conversation(s, conversation));
        })
        .compose(talked -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + s.supervisorId() + "/checkpoints"))
        .map(listed -> expect(listed, 200).getJsonArray("checkpoints").getJsonObject(0).getString("id"))
        .compose(firstId -> lose(s).compose(lost -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
          .compose(other -> resume(s, "from_checkpoint", UUID.randomUUID().toString())
            .map(check(unknown -> expect(unknown, 404)))
            .compose(unknown -> resume(s, "from_checkpoint", firstId))
            .map(check(resumed -> {
              JsonObject answer = expect(resumed, 200);
              assertThat(answer.getString("resumeMode")).isEqualTo("from_checkpoint");
              assertThat(answer.getJsonObject("resumedFrom").getInteger("messageCount")).isEqualTo(1);
            }))
            .compose(resumed -> other.await("spawnTask", s.supervisorId()))
            .map(check(spawn -> {
              assertThat(spawn.getBoolean("resumeSession")).isTrue();
              assertThat(spawn.getString("patchData")).isEqualTo("b25l");
              assertThat(spawn.getString("patchBaseSha")).isEqualTo("base1");
              assertThat(spawn.getString("checkpointSha")).isEqualTo("c1");
              assertThat(spawn.getJsonArray("conversationHistory")).containsExactly(conversation.getJsonObject(0));
            }))
            .compose(spawn -> restartPhase(vertx, s, other))))
        .onComplete(test.succeedingThenComplete()));
  }

  @Test
  void anotherOwnerFindsNoneOfTheSupervisorEndpoints(Vertx vertx, VertxTestContext test) {
    newOwner(vertx).compose(ignored -> Supervisors.start(vertx, hub, api, owner, 1)).compose(s -> api.newOwner()
      .compose(stranger -> Future.all(List.of(
          api.get(stranger.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/state"),
          api.post(stranger.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/resume",
            new JsonObject().put("resumeMode", "continue")),
          api.post(stranger.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/conversation/rewind",
            new JsonObject())))
        .map(check(all -> all.<HttpResponse<Buffer>>list().forEach(response ->
          assertThat(expect(response, 404).getString("code")).isEqualTo("NOT_FOUND")))))
      .compose(hidden -> resume(s, "continue", null))
      .map(check(running -> assertThat(expect(running, 409).getString("code")).isEqualTo("ALREADY_RUNNING")))
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  /** {@code continue} on the new daemon: the spawn, the answer, the notice, the re-delivered question. */
  private Future<Void> continueOn(Supervised s, TestDaemon other, String helperId, String questionId,
                                  JsonArray conversation) {
    Future<JsonObject> redelivered = HubEvents.ownerEvent(hub, owner.id(), event ->
      "questionAsked".equals(event.getString("type")) && event.getBoolean("isRestored", false));
    return resume(s, "continue", null)
      .map(check(resumed -> {
        JsonObject answer = expect(resumed, 200);
        assertThat(answer.getString("supervisorTaskId")).isEqualTo(s.supervisorId().toString());
        assertThat(answer.getString("daemonId")).isEqualTo(other.daemonId().toString());
        assertThat(answer.getString("status")).isEqualTo("starting");
        assertThat(answer.getJsonObject("resumedFrom").getInteger("messageCount")).isEqualTo(2);
        JsonObject restoration = answer.getJsonObject("restoration");
        assertThat(restoration.getString("previousState")).isEqualTo("waiting_for_user");
        assertThat(restoration.getInteger("restorationCount")).isEqualTo(1);
        assertThat(restoration.getInteger("pendingQuestionsCount")).isEqualTo(1);
        assertThat(restoration.getInteger("spawnedTasksCount")).isEqualTo(1);
      }))
      .compose(resumed -> other.await("spawnTask", s.supervisorId()))
      .map(check(spawn -> {
        assertThat(spawn.getBoolean("resumeSession")).isTrue();
        assertThat(spawn.getJsonArray("conversationHistory")).isEqualTo(conversation);
        assertThat(spawn.getString("patchData")).isEqualTo(PATCH);
        assertThat(spawn.getString("patchBaseSha")).isEqualTo("base1");
      }))
      .compose(spawn -> other.await("sendMessage", s.supervisorId()))
      .map(check(notice -> assertThat(notice.getString("message")).contains("Restoration count: 1",
        "Pending questions (1)", questionId + ": Ship it?", "1 task(s) were spawned")))
      .compose(notice -> redelivered)
      .map(check(question -> {
        assertThat(question.getString("questionId")).isEqualTo(questionId);
        assertThat(question.getString("originallyAskedAt")).isEqualTo(question.getString("createdAt"));
        assertThat(question.getJsonArray("choices")).containsExactly("yes", "no");
      }))
      .compose(question -> state(s))
      .map(check(state -> {
        assertThat(state.getInteger("restorationCount")).isEqualTo(1);
        assertThat(state.getString("restorationSource")).isEqualTo("manual");
        assertThat(state.getString("lastRestoredAt")).isNotNull();
        assertThat(state.getJsonArray("spawnedTaskIds")).containsExactly(helperId);
      }))
      .mapEmpty();
  }

  /** Running again on the new daemon: a second resume is refused, and the question is still answerable. */
  private Future<Void> answerAfterRestore(Supervised s, TestDaemon other, String questionId) {
    Future<JsonObject> running = HubEvents.ownerEvent(hub, owner.id(), event ->
      "taskUpdated".equals(event.getString("type")) && s.supervisorId().toString().equals(event.getString("taskId"))
        && "running".equals(event.getString("status")));
    other.reportRunning(s.supervisorId());
    return running.compose(reported -> resume(s, "continue", null))
      .map(check(again -> assertThat(expect(again, 409).getString("code")).isEqualTo("ALREADY_RUNNING")))
      .compose(again -> api.post(owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
        new JsonObject().put("response", "yes")))
      .map(check(answered -> assertThat(expect(answered, 200).getBoolean("success")).isTrue()))
      .compose(answered -> other.await(frame -> "sendMessage".equals(frame.getString("type"))
        && frame.getString("message").contains("Answer: yes")))
      .mapEmpty();
  }

  /** The daemon is lost again; {@code restart_phase} queues the supervisor for a fresh session on the next one. */
  private Future<Void> restartPhase(Vertx vertx, Supervised s, TestDaemon previous) {
    return lose(new Supervised(s.contractId(), s.supervisorId(), s.toolKey(), previous))
      .compose(lost -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
      .compose(next -> resume(s, "restart_phase", null)
        .map(check(resumed -> {
          JsonObject answer = expect(resumed, 200);
          assertThat(answer.getString("status")).isEqualTo("pending");
          assertThat(answer.getJsonObject("resumedFrom").getInteger("messageCount")).isZero();
          assertThat(answer.getJsonObject("restoration").getInteger("restorationCount")).isEqualTo(2);
        }))
        .compose(resumed -> next.await("spawnTask", s.supervisorId()))
        .map(check(spawn -> {
          assertThat(spawn.getBoolean("resumeSession")).isFalse();
          assertThat(spawn.getValue("conversationHistory")).isNull();
          assertThat(spawn.getString("patchData")).isEqualTo("dHdv");
        }))
        .compose(spawn -> next.await("sendMessage", s.supervisorId()))
        .map(check(notice -> assertThat(notice.getString("message")).contains("Restoration count: 2")))
        .compose(notice -> state(s))
        .map(check(state -> assertThat(state.getJsonArray("conversationHistory")).isEmpty()))
        .eventually(next::kill))
      .mapEmpty();
  }

  /** Kills the supervisor's daemon; with no retries the supervisor fails. */
  private Future<Void> lose(Supervised s) {
    Future<JsonObject> failed = HubEvents.ownerEvent(hub, owner.id(), event ->
      "taskUpdated".equals(event.getString("type")) && s.supervisorId().toString().equals(event.getString("taskId"))
        && "failed".equals(event.getString("status")));
    return s.daemon().kill().compose(killed -> failed).mapEmpty();
  }

  private Future<HttpResponse<Buffer>> resume(Supervised s, String mode, String checkpointId) {
    return api.post(owner.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/resume",
      new JsonObject().put("resumeMode", mode).put("checkpointId", checkpointId));
  }

  private Future<JsonObject> state(Supervised s) {
    return api.get(owner.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/state")
      .map(response -> expect(response, 200));
  }

  /** Sends a report and completes once the supervisor's state was saved. */
  private Future<Void> saved(Supervised s, Runnable report) {
    Future<JsonObject> savedEvent = HubEvents.ownerEvent(hub, owner.id(), event ->
      "supervisorState".equals(event.getString("type")) && s.contractId().equals(event.getString("contractId")));
    report.run();
    return savedEvent.mapEmpty();
  }

  private Future<Void> newOwner(Vertx vertx) {
    api = new Api(vertx, hub);
    return api.newOwner().map(created -> {
      owner = created;
      return null;
    });
  }

  private static JsonObject checkpoint(Supervised s, String sha, String patch, String base) {
    return new JsonObject().put("type", "checkpointCreated").put("taskId", s.supervisorId().toString())
      .put("commitSha", sha).put("branchName", "meshhub/" + s.supervisorId()).put("message", "checkpoint " + sha)
      .put("filesChanged", 1).put("linesAdded", 1).put("linesRemoved", 0).put("patchData", patch)
      .put("patchBaseSha", base);
  }

  private static JsonObject conversation(Supervised s, JsonArray messages) {
    return new JsonObject().put("type", "conversation").put("taskId", s.supervisorId().toString())
      .put("messages", messages);
  }

  private static JsonObject message(String id, String content) {
    return new JsonObject().put("id", id).put("role", "assistant").put("content", content);
  }

  private static JsonObject message(String id, Instant writtenAt) {
    return new JsonObject().put("id", id).put("role", "assistant").put("timestamp", writtenAt.toString());
  }
}
