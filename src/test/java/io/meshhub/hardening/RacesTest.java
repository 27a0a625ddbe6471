package io.meshhub.hardening;

import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Blocking;
import io.meshhub.support.DirectiveAgents;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Races at scale, each settled in Postgres: many questions answered twice at once — one winner each — and many
 * directives whose planner submits its plan twice at once — one chain each. (Schedulers racing for thousands of
 * tasks: {@code DispatchRaceTest}.) {@code -Drace.answers} and {@code -Drace.plans} set the sizes: 20 and 5 in
 * {@code mvn verify}, 100 and 20 in {@code -Pchaos}.
 */
class RacesTest extends SharedHubSuite {

  private static final int QUESTIONS = Integer.getInteger("race.answers", 20);
  private static final int DIRECTIVES = Integer.getInteger("race.plans", 5);
  private static final long WAIT_SECONDS = 60;

  @Test
  void everyQuestionAnsweredTwiceAtOnceHasExactlyOneWinner() {
    OwnerWorld world = OwnerWorld.build(vertx, hub.port(), api);
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < QUESTIONS; i++) {
      questions.add(world.ask("Race " + i + "?"));
    }
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (String questionId : questions) {
      for (String answer : List.of("first", "second")) {
        answers.add(api.post(world.owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
          new JsonObject().put("response", answer)));
      }
    }
    await(Future.join(answers), "every answer");

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      List<Integer> statuses = List.of(answers.get(2 * i).result().statusCode(),
        answers.get(2 * i + 1).result().statusCode());
      String winner = statuses.get(0) == 200 ? "first" : "second";
      String stored = HubDatabase.text(TestDatabase.url(),
        "select status || ' ' || coalesce(response, '') from questions where id = ?",
        UUID.fromString(questions.get(i)));
      if (!List.of(200, 404).equals(statuses.stream().sorted().toList()) || !("answered " + winner).equals(stored)) {
        wrong.add(questions.get(i) + ": answered " + statuses + ", stored '" + stored + "'");
      }
    }
    System.out.printf("races: %d questions answered twice at once%n", questions.size());
    assertThat(wrong).as("questions without exactly one winner, stored as it won").isEmpty();
  }

  @Test
  void everyPlanSubmittedTwiceAtOnceMakesOneChain() {
    TestOwner owner = await(api.newOwner(), "an owner");
    TestDaemon daemon = await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2 * DIRECTIVES), "a daemon");
    Map<String, String> plannerKeys = new HashMap<>();
    for (int i = 0; i < DIRECTIVES; i++) {
      String id = expect(await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject()
        .put("title", "Race " + i).put("goal", "Ship part " + i)), "a directive"), 201).getString("id");
      expect(await(api.post(owner.apiKey(), "/api/v1/directives/" + id + "/start", new JsonObject()), "a start"),
        200);
      JsonObject planner = await(daemon.await(frame -> "spawnTask".equals(frame.getString("type"))
        && id.equals(frame.getString("directiveId"))), "the planner of " + id);
      daemon.reportRunning(UUID.fromString(planner.getString("taskId")));
      plannerKeys.put(id, planner.getString("toolKey"));
    }
    List<Future<HttpResponse<Buffer>>> submissions = new ArrayList<>();
    plannerKeys.forEach((id, toolKey) -> {
      for (int twice = 0; twice < 2; twice++) {
        submissions.add(api.request(HttpMethod.POST, "/api/v1/directives/" + id + "/plan")
          .putHeader("X-Tool-Key", toolKey).sendJsonObject(DirectiveAgents.diamond()));
      }
    });
    await(Future.join(submissions), "every submission");

    List<String> wrong = new ArrayList<>();
    submissions.stream().map(Future::result).filter(response -> response.statusCode() != 200)
      .forEach(response -> wrong.add("a submission answered " + response.statusCode() + ": "
        + response.bodyAsString()));
    plannerKeys.keySet().forEach(id -> {
      String counted = HubDatabase.text(TestDatabase.url(),
        "select (select count(*) from chains where directive_id = ?) || ' chains, '"
        + " || (select count(*) from directive_events where directive_id = ? and event_type = 'plan_submitted')"
        + " || ' submissions recorded'", UUID.fromString(id), UUID.fromString(id));
      if (!"1 chains, 1 submissions recorded".equals(counted)) {
        wrong.add(id + ": " + counted);
      }
    });
    System.out.printf("races: %d directives whose plan was submitted twice at once%n", plannerKeys.size());
    assertThat(wrong).as("directives without exactly one chain").isEmpty();
    await(daemon.kill(), "the daemon to leave");
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, WAIT_SECONDS, what);
  }
}
