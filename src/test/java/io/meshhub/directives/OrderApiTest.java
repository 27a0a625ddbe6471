package io.meshhub.directives;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents;
import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** Orders: directive tasks file spikes and chores for later; owners file, edit and delete anything. */
class OrderApiTest extends OwnerTest {

  private static final String TASK_ORDERS = "/api/v1/mesh/supervisor/orders";

  @Test
  void directiveTaskFilesASpikeThatTakesTheDirectivesRepository(Vertx vertx, VertxTestContext test) {
    Agents.start(vertx, hub, api, owner, task("explorer")).compose(agent ->
      Agents.attachToDirective(vertx, TestDatabase.url(), owner, agent.taskId(), "auto", "https://example.org/d.git")
        .compose(directiveId -> Future.all(
            file(agent, new JsonObject().put("title", "Look into caching").put("labels", new JsonArray().add("perf"))),
            file(agent, new JsonObject().put("title", "Tidy build").put("orderType", "chore")
              .put("repositoryUrl", "https://example.org/own.git")),
            file(agent, new JsonObject().put("title", "Add search").put("orderType", "feature")),
            file(agent, new JsonObject().put("title", "   ")))
          .map(check(all -> {
            JsonObject spike = expect(all.resultAt(0), 201);
            assertThat(spike.getString("orderType")).isEqualTo("spike");
            assertThat(spike.getString("status")).isEqualTo("open");
            assertThat(spike.getString("priority")).isEqualTo("medium");
            assertThat(spike.getString("directiveId")).isEqualTo(directiveId.toString());
            assertThat(spike.getString("repositoryUrl")).isEqualTo("https://example.org/d.git");
            assertThat(spike.getJsonArray("labels")).containsExactly("perf");
            assertThat(expect(all.resultAt(1), 201).getString("repositoryUrl"))
              .isEqualTo("https://example.org/own.git");
            assertThat(expect(all.resultAt(2), 400).getString("code")).isEqualTo("INVALID_ORDER_TYPE");
            assertThat(expect(all.resultAt(3), 400).getString("code")).isEqualTo("VALIDATION_ERROR");
          }))
          .compose(filed -> api.get(owner.apiKey(), "/api/v1/directives/" + directiveId + "/events"))
          .map(check(events -> assertThat(expectArray(events).stream()
            .filter(event -> "order_created".equals(((JsonObject) event).getString("eventType")))).hasSize(2))))
        .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void taskWithoutADirectiveCannotFileOrders(Vertx vertx, VertxTestContext test) {
    Agents.start(vertx, hub, api, owner, task("loose")).compose(agent ->
      file(agent, new JsonObject().put("title", "Nope"))
        .map(check(refused -> assertThat(expect(refused, 403).getString("code")).isEqualTo("NOT_DIRECTIVE_TASK")))
        .compose(refused -> api.get(owner.apiKey(), "/api/v1/orders"))
        .map(check(listed -> assertThat(expectArray(listed)).isEmpty()))
        .eventually(agent.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void ownerManagesOrdersAndNoOtherOwnerSeesThem(VertxTestContext test) {
    api.post(owner.apiKey(), "/api/v1/orders", new JsonObject().put("title", "Dark mode").put("orderType", "feature")
        .put("priority", "high"))
      .map(created -> expect(created, 201))
      .compose(order -> {
        String path = "/api/v1/orders/" + order.getString("id");
        return api.patch(owner.apiKey(), path, new JsonObject().put("status", "in_progress"))
          .map(check(patched -> assertThat(expect(patched, 200).getString("status")).isEqualTo("in_progress")))
          .compose(patched -> Future.all(
            api.get(owner.apiKey(), "/api/v1/orders?status=in_progress&orderType=feature"),
            api.get(owner.apiKey(), "/api/v1/orders?status=done")))
          .map(check(lists -> {
            assertThat(expectArray(lists.resultAt(0))).hasSize(1);
            assertThat(expectArray(lists.resultAt(1))).isEmpty();
          }))
          .compose(listed -> api.newOwner())
          .compose(stranger -> Future.all(api.get(stranger.apiKey(), path),
              api.patch(stranger.apiKey(), path, new JsonObject().put("status", "done")),
              api.as(stranger.apiKey(), HttpMethod.DELETE, path).send(), api.get(stranger.apiKey(), "/api/v1/orders"))
            .map(check(all -> {
              assertThat(expect(all.resultAt(0), 404).getString("code")).isEqualTo("NOT_FOUND");
              assertThat(expect(all.resultAt(1), 404).getString("code")).isEqualTo("NOT_FOUND");
              assertThat(expect(all.resultAt(2), 404).getString("code")).isEqualTo("NOT_FOUND");
              assertThat(expectArray(all.resultAt(3))).isEmpty();
            })))
          .compose(checked -> api.as(owner.apiKey(), HttpMethod.DELETE, path).send())
          .map(check(deleted -> assertThat(deleted.statusCode()).isEqualTo(204)))
          .compose(deleted -> api.get(owner.apiKey(), path))
          .map(check(gone -> assertThat(expect(gone, 404).getString("code")).isEqualTo("NOT_FOUND")));
      })
      .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> file(RunningAgent agent, JsonObject order) {
    return api.request(HttpMethod.POST, TASK_ORDERS).putHeader("X-Tool-Key", agent.toolKey()).sendJsonObject(order);
  }
}
