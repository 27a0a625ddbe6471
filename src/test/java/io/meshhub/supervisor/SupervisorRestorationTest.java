package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.HubEvents;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * A supervisor whose daemon is killed is retried by the scheduler on the owner's next daemon and restored there
 * without anyone asking: the restoration is counted ({@code daemon_restart}), its question is re-delivered and it
 * gets the restoration notice.
 */
class SupervisorRestorationTest extends OwnerTest {

  @Test
  void aSupervisorRetriedAfterItsDaemonWasKilledIsRestoredOnTheNextDaemon(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 2).compose(s -> Supervisors.post(api, s,
          "/api/v1/mesh/supervisor/questions", new JsonObject().put("question", "Which region?")
            .put("phaseguard", true).put("nonBlocking", true))
        .map(asked -> expect(asked, 200).getString("questionId"))
        .compose(questionId -> {
          Future<JsonObject> interrupted = HubEvents.ownerEvent(hub, owner.id(), event ->
            "taskUpdated".equals(event.getString("type")) && "interrupted".equals(event.getString("status"))
              && s.supervisorId().toString().equals(event.getString("taskId")));
          Future<JsonObject> redelivered = HubEvents.ownerEvent(hub, owner.id(), event ->
            "questionAsked".equals(event.getString("type")) && event.getBoolean("isRestored", false));
          return s.daemon().kill().compose(killed -> interrupted)
            // Nowhere to go yet: an owner's resume is refused too.
            .compose(waiting -> api.post(owner.apiKey(), "/api/v1/contracts/" + s.contractId()
              + "/supervisor/resume", new JsonObject().put("resumeMode", "continue")))
            .map(check(refused -> assertThat(expect(refused, 503).getString("code")).isEqualTo("NO_DAEMON")))
            .compose(refused -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1))
            .compose(next -> next.await("spawnTask", s.supervisorId())
              .map(check(spawn -> assertThat(spawn.getBoolean("resumeSession")).isTrue()))
              .compose(spawn -> next.await("sendMessage", s.supervisorId()))
              .map(check(notice -> assertThat(notice.getString("message"))
                .contains("Restoration count: 1", questionId + ": Which region?")))
              .compose(notice -> redelivered)
              .map(check(question -> assertThat(question.getString("questionId")).isEqualTo(questionId)))
              .compose(question -> api.get(owner.apiKey(), "/api/v1/contracts/" + s.contractId()
                + "/supervisor/state"))
              .map(check(state -> {
                JsonObject saved = expect(state, 200);
                assertThat(saved.getInteger("restorationCount")).isEqualTo(1);
                assertThat(saved.getString("restorationSource")).isEqualTo("daemon_restart");
                assertThat(saved.getJsonArray("pendingQuestions")).extracting(pending ->
                  ((JsonObject) pending).getString("id")).containsExactly(questionId);
              }))
              .eventually(next::kill));
        }))
      .onComplete(test.succeedingThenComplete());
  }
}
