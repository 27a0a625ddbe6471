package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
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

import java.util.List;
import java.util.UUID;

/** The owner's history tells what happened to a contract: spawns, status changes, merges, completion. */
class HistoryApiTest extends OwnerTest {

  @Test
  void contractHistoryHasTheSpawnTheStatusChangesTheMergeAndTheCompletion(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 2).compose(s -> Supervisors.spawn(api, s, "worker")
      .map(spawned -> UUID.fromString(expect(spawned, 201).getString("id")))
      .compose(workerId -> s.daemon().await("spawnTask", workerId).compose(spawn -> {
        Future<JsonObject> done = HubEvents.taskCompleted(hub, workerId);
        s.daemon().complete(workerId, true, "ok");
        return done;
      }).compose(done -> merged(s, workerId))
        .compose(merged -> Supervisors.post(api, s, "/api/v1/contracts/" + s.contractId() + "/complete",
          new JsonObject()))
        .map(check(completed -> expect(completed, 200)))
        .compose(completed -> api.get(owner.apiKey(), "/api/v1/history?contractId=" + s.contractId()))
        .map(check(listed -> {
          JsonArray history = expectArray(listed);
          List<String> actions = history.stream().map(entry -> ((JsonObject) entry).getString("action")).toList();
          assertThat(actions).contains("spawned", "status_changed", "merged", "completed");
          JsonObject spawned = history.stream().map(JsonObject.class::cast)
            .filter(entry -> "spawned".equals(entry.getString("action"))).findFirst().orElseThrow();
          assertThat(spawned.getString("taskId")).isEqualTo(workerId.toString());
          assertThat(spawned.getJsonObject("data").getString("spawnedBy")).isEqualTo(s.supervisorId().toString());
          assertThat(history.stream().map(JsonObject.class::cast)
            .filter(entry -> "contract".equals(entry.getString("entity")))
            .map(entry -> entry.getString("actor"))).containsExactly("task");
        }))
        .compose(checked -> api.newOwner())
        .compose(stranger -> api.get(stranger.apiKey(), "/api/v1/history?contractId=" + s.contractId()))
        .map(check(foreign -> assertThat(expectArray(foreign)).isEmpty())))
      .eventually(s.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<Void> merged(Supervised s, UUID workerId) {
    Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> merge = Supervisors.post(api, s,
      "/api/v1/mesh/supervisor/tasks/" + workerId + "/merge", new JsonObject());
    return s.daemon().await("mergeTaskToTarget", workerId).compose(command -> {
      s.daemon().answer(command, true, new JsonObject().put("commitSha", "m3rg3d"));
      return merge;
    }).map(check(response -> assertThat(expect(response, 200).getBoolean("success")).isTrue())).mapEmpty();
  }
}
