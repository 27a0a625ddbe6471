package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A supervisor's state is saved at each save point of the spec — a task it spawns, a question it asks and the
 * answer, its conversation, its contract's phase — and read back with {@code GET …/supervisor/state}.
 */
class SupervisorStateTest extends OwnerTest {

  @Test
  void eachSavePointIsSavedAndReadBack(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 2).compose(s -> state(s)
      .map(check(initial -> {
        assertThat(initial.getString("state")).isEqualTo("initializing");
        assertThat(initial.getString("taskId")).isEqualTo(s.supervisorId().toString());
        assertThat(initial.getJsonArray("spawnedTaskIds")).isEmpty();
        // Nothing reported yet, but its daemon's heartbeats (its registration first) are activity.
        assertThat(initial.getString("lastActivity")).isNotNull();
      }))
      .compose(initial -> saved(s, "working", () -> Supervisors.spawn(api, s, "helper")
        .map(spawned -> expect(spawned, 201).getString("id"))))
      .compose(helperId -> state(s).map(check(afterSpawn -> {
        assertThat(afterSpawn.getJsonArray("spawnedTaskIds")).containsExactly(helperId);
        assertThat(afterSpawn.getString("currentActivity")).isEqualTo("Spawned task " + helperId);
      })))
      .compose(afterSpawn -> saved(s, "waiting_for_user", () -> Supervisors.post(api, s,
          "/api/v1/mesh/supervisor/questions", new JsonObject().put("question", "Which port?")
            .put("choices", new JsonArray().add("80").add("443")).put("nonBlocking", true))
        .map(asked -> expect(asked, 200).getString("questionId"))))
      .compose(questionId -> state(s).map(check(waiting -> {
          JsonObject pending = waiting.getJsonArray("pendingQuestions").getJsonObject(0);
          assertThat(pending.getString("id")).isEqualTo(questionId);
          assertThat(pending.getString("question")).isEqualTo("Which port?");
          assertThat(pending.getJsonArray("choices")).containsExactly("80", "443");
        }))
        .compose(waiting -> saved(s, "working", () -> api.post(owner.apiKey(), "/api/v1/mesh/questions/"
          + questionId + "/answer", new JsonObject().put("response", "443")).map(answered -> expect(answered, 200)))))
      .compose(answered -> state(s).map(check(resumed -> {
        assertThat(resumed.getJsonArray("pendingQuestions")).isEmpty();
        assertThat(resumed.getString("currentActivity")).isEqualTo("Resumed after user response");
      })))
      .compose(resumed -> saved(s, "working", () -> {
        s.daemon().send(new JsonObject().put("type", "conversation").put("taskId", s.supervisorId().toString())
          .put("messages", new JsonArray().add(new JsonObject().put("id", "m1").put("role", "user")
            .put("content", "plan the work"))));
        return Future.succeededFuture();
      }))
      .compose(reported -> state(s).map(check(withConversation -> {
        assertThat(withConversation.getJsonArray("conversationHistory")).hasSize(1);
        assertThat(withConversation.getJsonArray("conversationHistory").getJsonObject(0).getString("id"))
          .isEqualTo("m1");
        assertThat(withConversation.getString("lastActivity")).isNotNull();
      })))
      .compose(withConversation -> api.get(owner.apiKey(), "/api/v1/contracts/" + s.contractId())
        .map(contract -> expect(contract, 200).getInteger("version"))
        .compose(version -> api.patch(owner.apiKey(), "/api/v1/contracts/" + s.contractId(),
          new JsonObject().put("version", version).put("phase", "execute")))
        .map(patched -> expect(patched, 200)))
      .compose(patched -> state(s).map(check(phased -> assertThat(phased.getString("phase")).isEqualTo("execute"))))
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aSupervisorWaitingOnATaskIsSavedAsWaitingUntilTheTaskEnds(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 2).compose(s -> Supervisors.spawn(api, s, "helper")
      .map(spawned -> UUID.fromString(expect(spawned, 201).getString("id")))
      .compose(helperId -> s.daemon().await("spawnTask", helperId).map(helperId))
      .compose(helperId -> {
        Future<JsonObject> waitingEvent = HubEvents.ownerEvent(hub, owner.id(), event ->
          "supervisorState".equals(event.getString("type")) && "waiting_for_tasks".equals(event.getString("state")));
        Future<JsonObject> waited = Supervisors.post(api, s, "/api/v1/mesh/supervisor/tasks/" + helperId + "/wait",
          new JsonObject().put("timeoutSeconds", 30)).map(response -> expect(response, 200));
        return waitingEvent.compose(event -> state(s))
          .map(check(waiting -> assertThat(waiting.getJsonArray("pendingTaskIds")).containsExactly(
            helperId.toString())))
          .compose(waiting -> saved(s, "working", () -> {
            s.daemon().complete(helperId, true, "helped");
            return waited;
          }))
          .map(check(result -> assertThat(result.getBoolean("completed")).isTrue()))
          .compose(result -> state(s))
          .map(check(done -> assertThat(done.getJsonArray("pendingTaskIds")).isEmpty()));
      })
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aConversationIsRewoundByDefaultToAMessageAndByCountAndTheCodeWithIt(Vertx vertx, VertxTestContext test) {
    Instant now = Instant.now();
    JsonArray messages = new JsonArray()
      .add(message("m1", now.minus(1, ChronoUnit.DAYS))).add(message("m2", now.plus(1, ChronoUnit.DAYS)))
      .add(message("m3", now.plus(2, ChronoUnit.DAYS))).add(new JsonObject().put("id", "m4").put("role", "user"));
    Supervisors.start(vertx, hub, api, owner, 1).compose(s -> saved(s, "initializing", () -> {
        s.daemon().send(new JsonObject().put("type", "checkpointCreated").put("taskId", s.supervisorId().toString())
          .put("commitSha", "c1").put("branchName", "work").put("message", "halfway").put("filesChanged", 1)
          .put("linesAdded", 1).put("linesRemoved", 0));
        s.daemon().send(new JsonObject().put("type", "conversation").put("taskId", s.supervisorId().toString())
          .put("messages", messages));
        return Future.succeededFuture();
      })
      // By default the last message (m4, first seen now, after checkpoint c1): the code goes back to c1.
      .compose(reported -> {
        Future<JsonObject> rewound = rewind(s, new JsonObject().put("rewindCode", true));
        return s.daemon().await("rewindCode", s.supervisorId())
          .map(check(command -> assertThat(command.getString("commitSha")).isEqualTo("c1")))
          .compose(command -> {
            s.daemon().answer(command, true, new JsonObject());
            return rewound;
          });
      })
      .map(check(last -> {
        assertThat(last.getInteger("messagesRemoved")).isEqualTo(1);
        assertThat(last.getInteger("newMessageCount")).isEqualTo(3);
        assertThat(last.getBoolean("codeRewound")).isTrue();
      }))
      .compose(last -> rewind(s, new JsonObject().put("toMessageId", "m2")))
      .map(check(toM2 -> {
        assertThat(toM2.getInteger("messagesRemoved")).isEqualTo(1);
        assertThat(toM2.getInteger("newMessageCount")).isEqualTo(2);
        assertThat(toM2.getBoolean("codeRewound")).isFalse();
      }))
      // m1 was written before any checkpoint: there is no code to go back to.
      .compose(toM2 -> rewind(s, new JsonObject().put("byMessageCount", 2).put("rewindCode", true)))
      .map(check(all -> {
        assertThat(all.getInteger("messagesRemoved")).isEqualTo(2);
        assertThat(all.getInteger("newMessageCount")).isZero();
        assertThat(all.getBoolean("codeRewound")).isFalse();
      }))
      .compose(all -> state(s))
      .map(check(emptied -> assertThat(emptied.getJsonArray("conversationHistory")).isEmpty()))
      .compose(emptied -> api.post(owner.apiKey(), "/api/v1/contracts/" + s.contractId()
        + "/supervisor/conversation/rewind", new JsonObject().put("toMessageId", "nowhere")))
      .map(check(unknown -> assertThat(expect(unknown, 400).getString("message")).contains("toMessageId")))
      .compose(unknown -> api.newOwner())
      .compose(stranger -> api.post(stranger.apiKey(), "/api/v1/contracts/" + s.contractId()
        + "/supervisor/conversation/rewind", new JsonObject()))
      .map(check(hidden -> expect(hidden, 404)))
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aContractWithoutSupervisorHasNoStateAndAnotherOwnerSeesNone(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 1).compose(s -> api.createContract(owner, "no supervisor")
      .compose(plain -> api.get(owner.apiKey(), "/api/v1/contracts/" + plain + "/supervisor/state"))
      .map(check(none -> assertThat(expect(none, 404).getString("code")).isEqualTo("NO_SUPERVISOR_STATE")))
      .compose(none -> api.newOwner())
      .compose(stranger -> api.get(stranger.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/state"))
      .map(check(hidden -> assertThat(expect(hidden, 404).getString("code")).isEqualTo("NOT_FOUND")))
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> rewind(Supervised s, JsonObject body) {
    return api.post(owner.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/conversation/rewind", body)
      .map(response -> expect(response, 200));
  }

  private static JsonObject message(String id, Instant writtenAt) {
    return new JsonObject().put("id", id).put("role", "assistant").put("timestamp", writtenAt.toString());
  }

  private Future<JsonObject> state(Supervised s) {
    return api.get(owner.apiKey(), "/api/v1/contracts/" + s.contractId() + "/supervisor/state")
      .map(response -> expect(response, 200));
  }

  /** Does {@code change} and completes with its result once the supervisor's state was saved as {@code state}. */
  private <T> Future<T> saved(Supervised s, String state, Supplier<Future<T>> change) {
    Future<JsonObject> savedEvent = HubEvents.ownerEvent(hub, owner.id(), event ->
      "supervisorState".equals(event.getString("type")) && s.contractId().equals(event.getString("contractId"))
        && state.equals(event.getString("state")));
    return change.get().compose(result -> savedEvent.map(result));
  }
}
