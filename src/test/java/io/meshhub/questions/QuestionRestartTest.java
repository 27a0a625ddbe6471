package io.meshhub.questions;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents;
import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/** A question outlives the hub: asked before a restart, answered after it, and the agent's poll gets the answer. */
@ExtendWith(VertxExtension.class)
@Timeout(120_000)
class QuestionRestartTest {

  @Test
  void phaseguardQuestionAskedBeforeARestartIsAnsweredAfterIt(Vertx vertx, VertxTestContext test) {
    TestHub.OwnHub own = TestHub.OwnHub.create();
    RunningHub first = own.start();
    Api firstApi = new Api(vertx, first);

    firstApi.newOwner().compose(owner -> firstApi.createContract(owner, "restart").compose(contractId ->
        Agents.start(vertx, first, firstApi, owner, task("asks-across-restart").put("contractId", contractId)))
      .compose(agent -> firstApi.request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions")
        .putHeader("X-Tool-Key", agent.toolKey())
        .sendJsonObject(new JsonObject().put("question", "Deploy on Friday?").put("phaseguard", true))
        .map(response -> expect(response, 200))
        .map(check(pending -> assertThat(pending.getBoolean("stillPending")).isTrue()))
        .compose(pending -> vertx.executeBlocking(() -> {
          first.stop();
          return own.start();
        }).compose(second -> answeredAfterRestart(vertx, second, owner, agent, pending.getString("questionId"))
          .eventually(() -> vertx.executeBlocking(() -> {
            second.stop();
            return null;
          }))))))
      .onComplete(test.succeedingThenComplete());
  }

  /** The daemon comes back to the new hub with its task, the owner answers there, and the agent's poll gets it. */
  private Future<Void> answeredAfterRestart(Vertx vertx, RunningHub second, TestOwner owner, RunningAgent agent,
                                            String questionId) {
    Api api = new Api(vertx, second);
    JsonObject back = TestDaemon.register(owner.apiKey(), 4).put("daemonId", agent.daemon().daemonId().toString())
      .put("runningTaskIds", new JsonArray().add(agent.taskId().toString()));
    return TestDaemon.connect(vertx, second.port(), back).compose(daemon ->
      api.get(owner.apiKey(), "/api/v1/mesh/questions")
        .map(check(listed -> assertThat(Api.expectArray(listed).getJsonObject(0).getString("questionId"))
          .isEqualTo(questionId)))
        .compose(listed -> api.post(owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
          new JsonObject().put("response", "only with a rollback plan")))
        .map(check(answered -> expect(answered, 200)))
        .compose(answered -> api.request(HttpMethod.GET, "/api/v1/mesh/supervisor/questions/" + questionId + "/poll")
          .putHeader("X-Tool-Key", agent.toolKey()).send())
        .map(check(polled -> assertThat(expect(polled, 200).getString("response"))
          .isEqualTo("only with a rollback plan")))
        .eventually(daemon::kill)
        .mapEmpty());
  }
}
