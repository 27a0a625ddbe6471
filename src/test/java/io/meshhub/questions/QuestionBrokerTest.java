package io.meshhub.questions;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.Agents;
import io.meshhub.support.HubEvents;
import io.meshhub.support.LeavingClient;
import io.meshhub.support.LogCapture;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * Agents ask and wait; owners answer; the answer wakes the waiting request. The shared hub blocks a phaseguard
 * question 1.5 s per request and an auto directive's question 0.8 s, so these tests see every limit.
 */
class QuestionBrokerTest extends OwnerTest {

  private static final String ASK = "/api/v1/mesh/supervisor/questions";

  @Test
  void nonBlockingAskReturnsAtOnceAndTheQuestionIsListed(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> ask(agent, question("Which database?").put("nonBlocking", true)
        .put("choices", new JsonArray().add("Postgres").add("SQLite")))
      .map(check(asked -> {
        JsonObject result = expect(asked, 200);
        assertThat(result.getString("questionId")).isNotBlank();
        assertThat(result.getValue("response")).isNull();
        assertThat(result.getBoolean("stillPending")).isFalse();
        assertThat(result.getBoolean("timedOut")).isFalse();
      }))
      .compose(asked -> api.get(owner.apiKey(), "/api/v1/mesh/questions"))
      .map(check(listed -> {
        JsonObject question = expectArray(listed).getJsonObject(0);
        assertThat(question.getString("question")).isEqualTo("Which database?");
        assertThat(question.getString("taskId")).isEqualTo(agent.taskId().toString());
        assertThat(question.getJsonArray("choices")).containsExactly("Postgres", "SQLite");
        assertThat(question.getString("questionType")).isEqualTo("general");
      }))
      .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void blockingAskReturnsTheAnswerWhichIsForwardedToTheTaskAndDeliveredOnce(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> answeredWhileWaiting(agent).eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<Void> answeredWhileWaiting(RunningAgent agent) {
    Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event ->
      "questionAsked".equals(event.getString("type")));
    Future<HttpResponse<Buffer>> waiting = ask(agent, question("Ship it?").put("timeoutSeconds", 60));
    return asked.compose(question -> answer(owner, question.getString("questionId"), "yes, ship it")
      .map(check(answered -> assertThat(expect(answered, 200).getBoolean("success")).isTrue()))
      .compose(answered -> waiting)
      .map(check(returned -> {
        JsonObject result = expect(returned, 200);
        assertThat(result.getString("response")).isEqualTo("yes, ship it");
        assertThat(result.getString("questionId")).isEqualTo(question.getString("questionId"));
      }))
      .compose(returned -> agent.daemon().await("sendMessage", agent.taskId()))
      .map(check(forwarded -> assertThat(forwarded.getString("message"))
        .isEqualTo("[User Response to Question]\nQuestion: Ship it?\nAnswer: yes, ship it")))
      .compose(forwarded -> Future.all(poll(agent, question.getString("questionId")),
        api.get(owner.apiKey(), "/api/v1/mesh/questions")))
      .map(check(after -> {
        assertThat(expect(after.resultAt(0), 404).getString("code")).isEqualTo("NOT_FOUND");
        assertThat(expectArray(after.resultAt(1))).isEmpty();
      }))
      .mapEmpty());
  }

  @Test
  void anAskWhoseClientLeavesStopsWaitingAtOnceAndItsQuestionStaysAnswerable(Vertx vertx, VertxTestContext test) {
    LogCapture logs = new LogCapture();
    agent(vertx).compose(agent -> {
      Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event ->
        "questionAsked".equals(event.getString("type")));
      return LeavingClient.send(vertx, hub.port(), HttpMethod.POST, ASK, Map.of("X-Tool-Key", agent.toolKey()),
          question("Still there?").put("timeoutSeconds", 600))
        .compose(client -> asked.compose(question -> {
          String questionId = question.getString("questionId");
          Future<String> waitEnded = logs.await(line ->
            line.contains("left while it waited for question " + questionId));
          return client.leave().compose(left -> waitEnded)
            .compose(ended -> answer(owner, questionId, "yes"))
            .map(check(answered -> expect(answered, 200)))
            .compose(answered -> poll(agent, questionId))
            .map(check(polled -> assertThat(expect(polled, 200).getString("response")).isEqualTo("yes")));
        }))
        .eventually(agent.daemon()::kill);
    }).eventually(() -> {
      logs.close();
      return Future.succeededFuture();
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void anAskWaitsAtMostADayAndAHugeTimeoutIsRefusedWithNothingStored(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> Future.all(
        ask(agent, question("Overflow?").put("timeoutSeconds", 9_300_000_000_000_000L)),
        ask(agent, question("A day and a second?").put("timeoutSeconds", 86_401)),
        ask(agent, question("Never?").put("timeoutSeconds", 0)))
      .map(check(all -> {
        for (int i = 0; i < all.size(); i++) {
          JsonObject error = expect(all.resultAt(i), 400);
          assertThat(error.getString("code")).isEqualTo("VALIDATION_ERROR");
          assertThat(error.getString("message")).contains("timeoutSeconds");
        }
      }))
      .compose(refused -> api.get(owner.apiKey(), "/api/v1/mesh/questions"))
      .map(check(listed -> assertThat(expectArray(listed)).isEmpty()))
      .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void unansweredAskTimesOutWith408AndIsNoLongerListed(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> ask(agent, question("Anyone?").put("timeoutSeconds", 1))
      .map(check(timedOut -> {
        JsonObject result = expect(timedOut, 408);
        assertThat(result.getBoolean("timedOut")).isTrue();
        assertThat(result.getBoolean("stillPending")).isFalse();
        assertThat(result.getValue("response")).isNull();
      }))
      .compose(timedOut -> api.get(owner.apiKey(), "/api/v1/mesh/questions"))
      .map(check(listed -> assertThat(expectArray(listed)).isEmpty()))
      .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void phaseguardAskIsStillPendingAtTheLimitThenAnsweredByPollOnce(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> ask(agent, question("Approve the plan?").put("phaseguard", true))
      .compose(first -> {
        JsonObject pending = expect(first, 200);
        assertThat(pending.getBoolean("stillPending")).isTrue();
        assertThat(pending.getBoolean("timedOut")).isFalse();
        String questionId = pending.getString("questionId");
        return api.get(owner.apiKey(), "/api/v1/mesh/questions")
          .map(check(listed -> assertThat(expectArray(listed).getJsonObject(0).getString("questionId"))
            .isEqualTo(questionId)))
          .compose(listed -> answer(owner, questionId, "approved"))
          .compose(answered -> poll(agent, questionId))
          .map(check(polled -> assertThat(expect(polled, 200).getString("response")).isEqualTo("approved")))
          .compose(polled -> poll(agent, questionId))
          .map(check(again -> assertThat(expect(again, 404).getString("code")).isEqualTo("NOT_FOUND")));
      })
      .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pollWaitsForTheAnswerAndWakesWhenItComes(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> ask(agent, question("Later?").put("nonBlocking", true)).compose(asked -> {
      String questionId = expect(asked, 200).getString("questionId");
      Future<HttpResponse<Buffer>> polling = poll(agent, questionId);
      return api.get(owner.apiKey(), "/api/v1/mesh/questions")
        .compose(listed -> answer(owner, questionId, "now"))
        .compose(answered -> polling)
        .map(check(polled -> assertThat(expect(polled, 200).getString("response")).isEqualTo("now")));
    }).eventually(agent.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void directiveReconcileModeSetsTheWait(Vertx vertx, VertxTestContext test) {
    // One after the other: each agent's task must go to its own new daemon, the one with the most free slots.
    agent(vertx).compose(first -> agent(vertx).map(second -> List.of(first, second))).compose(agents -> {
      RunningAgent semiAuto = agents.get(0);
      RunningAgent auto = agents.get(1);
      return Future.all(
          Agents.attachToDirective(vertx, TestDatabase.url(), owner, semiAuto.taskId(), "semi-auto"),
          Agents.attachToDirective(vertx, TestDatabase.url(), owner, auto.taskId(), "auto"))
        .compose(attached -> Future.all(
          ask(semiAuto, new JsonObject().put("question", "Merge?").put("timeoutSeconds", 1)),
          ask(auto, new JsonObject().put("question", "Rename?").put("timeoutSeconds", 600))))
        .map(check(answers -> {
          JsonObject guarded = expect(answers.resultAt(0), 200);
          assertThat(guarded.getBoolean("stillPending")).as("semi-auto blocks as phaseguard, not 1 s").isTrue();
          assertThat(guarded.getBoolean("timedOut")).isFalse();
          JsonObject timedOut = expect(answers.resultAt(1), 408);
          assertThat(timedOut.getBoolean("timedOut")).as("auto times out at its own limit, not 600 s").isTrue();
        }))
        .compose(checked -> api.get(owner.apiKey(), "/api/v1/mesh/questions"))
        .map(check(listed -> assertThat(expectArray(listed).stream().map(q -> ((JsonObject) q).getString("question")))
          .containsExactly("Merge?")))
        .eventually(() -> Future.join(semiAuto.daemon().kill(), auto.daemon().kill()));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void twoAnswersAtOnceExactlyOneWinsAndAnotherOwnerIsForbidden(Vertx vertx, VertxTestContext test) {
    Future.all(agent(vertx), api.newOwner()).compose(both -> {
      RunningAgent agent = both.resultAt(0);
      TestOwner stranger = both.resultAt(1);
      return ask(agent, question("Race?").put("nonBlocking", true)).compose(asked -> {
        String questionId = expect(asked, 200).getString("questionId");
        return answer(stranger, questionId, "mine now")
          .map(check(forbidden -> assertThat(expect(forbidden, 403).getString("code")).isEqualTo("FORBIDDEN")))
          .compose(forbidden -> Future.all(answer(owner, questionId, "first"), answer(owner, questionId, "second")))
          .map(check(answers -> {
            List<Integer> statuses = List.of(answers.<HttpResponse<Buffer>>resultAt(0).statusCode(),
              answers.<HttpResponse<Buffer>>resultAt(1).statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 404);
          }))
          .compose(answered -> poll(agent, questionId))
          .map(check(polled -> assertThat(expect(polled, 200).getString("response")).isIn("first", "second")));
      }).eventually(agent.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void cancellingTheTaskCancelsItsQuestionsAndReleasesItsWaiters(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> {
      Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event ->
        "questionAsked".equals(event.getString("type")));
      Future<HttpResponse<Buffer>> waiting = ask(agent, question("Still there?").put("timeoutSeconds", 60));
      return asked.compose(question -> {
        Future<HttpResponse<Buffer>> polling = poll(agent, question.getString("questionId"));
        return api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + agent.taskId() + "/cancel", new JsonObject())
          .compose(cancelled -> Future.all(waiting, polling))
          .map(check(released -> {
            assertThat(expect(released.resultAt(0), 408).getBoolean("timedOut")).isTrue();
            assertThat(released.<HttpResponse<Buffer>>resultAt(1).statusCode()).isIn(401, 404);
          }))
          .compose(released -> api.get(owner.apiKey(), "/api/v1/mesh/questions"))
          .map(check(listed -> assertThat(expectArray(listed)).isEmpty()));
      }).eventually(agent.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aTaskThatFailsReleasesItsBlockedAskAtOnce(Vertx vertx, VertxTestContext test) {
    agent(vertx).compose(agent -> {
      Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event ->
        "questionAsked".equals(event.getString("type")));
      Future<HttpResponse<Buffer>> waiting = ask(agent, question("Keep going?").put("timeoutSeconds", 60));
      return asked.compose(question -> {
        agent.daemon().complete(agent.taskId(), false, "crashed");
        return waiting;
      }).map(check(released -> assertThat(expect(released, 408).getBoolean("timedOut")).isTrue()))
        .eventually(agent.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void onlyTasksOfADirectiveOrAContractMayAsk(Vertx vertx, VertxTestContext test) {
    Agents.start(vertx, hub, api, owner, task("loose")).compose(loose ->
      Future.all(ask(loose, question("Hello?")), ask(loose, new JsonObject().put("question", "  ")))
        .map(check(refused -> {
          assertThat(expect(refused.resultAt(0), 403).getString("code")).isEqualTo("NOT_DIRECTIVE_TASK");
          assertThat(expect(refused.resultAt(1), 400).getString("code")).isEqualTo("VALIDATION_ERROR");
        }))
        .eventually(loose.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anotherOwnersTaskCannotPollTheQuestion(Vertx vertx, VertxTestContext test) {
    api.newOwner().compose(stranger -> Future.all(agent(vertx), api.createContract(stranger, "theirs")
        .compose(contractId -> Agents.start(vertx, hub, api, stranger, task("prying").put("contractId", contractId))))
      .compose(agents -> {
        RunningAgent mine = agents.resultAt(0);
        RunningAgent theirs = agents.resultAt(1);
        return ask(mine, question("Secret?").put("nonBlocking", true))
          .compose(asked -> poll(theirs, expect(asked, 200).getString("questionId")))
          .map(check(prying -> assertThat(expect(prying, 404).getString("code")).isEqualTo("NOT_FOUND")))
          .eventually(() -> Future.join(mine.daemon().kill(), theirs.daemon().kill()));
      }))
      .onComplete(test.succeedingThenComplete());
  }

  /** An agent of a contract task, which may ask. */
  private Future<RunningAgent> agent(Vertx vertx) {
    return api.createContract(owner, "asking contract").compose(contractId ->
      Agents.start(vertx, hub, api, owner, task("asker").put("contractId", contractId)));
  }

  private static JsonObject question(String text) {
    return new JsonObject().put("question", text);
  }

  private Future<HttpResponse<Buffer>> ask(RunningAgent agent, JsonObject body) {
    return api.request(HttpMethod.POST, ASK).putHeader("X-Tool-Key", agent.toolKey()).sendJsonObject(body);
  }

  private Future<HttpResponse<Buffer>> poll(RunningAgent agent, String questionId) {
    return api.request(HttpMethod.GET, ASK + "/" + questionId + "/poll").putHeader("X-Tool-Key", agent.toolKey())
      .send();
  }

  private Future<HttpResponse<Buffer>> answer(TestOwner who, String questionId, String response) {
    return api.post(who.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
      new JsonObject().put("response", response));
  }
}
