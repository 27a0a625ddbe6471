package io.meshhub.directives;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents;
import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.OwnerTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** Files of contracts, written by owners and by the contract's tasks, and by no one else. */
class FileApiTest extends OwnerTest {

  @Test
  void ownerCreatesAFileFromElementsAndReadsItBack(VertxTestContext test) {
    JsonArray body = new JsonArray()
      .add(new JsonObject().put("type", "heading").put("level", 1).put("text", "Plan"))
      .add(new JsonObject().put("type", "paragraph").put("text", "Do the thing."));
    api.createContract(owner, "documented").compose(contractId ->
      api.post(owner.apiKey(), "/api/v1/contracts/" + contractId + "/files",
          new JsonObject().put("name", "plan").put("body", body))
        .map(created -> expect(created, 201))
        .compose(created -> Future.all(api.get(owner.apiKey(), "/api/v1/files/" + created.getString("id")),
          api.get(owner.apiKey(), "/api/v1/contracts/" + contractId + "/files")))
        .map(check(all -> {
          JsonObject file = expect(all.resultAt(0), 200);
          assertThat(file.getString("name")).isEqualTo("plan");
          assertThat(file.getJsonArray("body")).isEqualTo(body);
          JsonObject listed = expectArray(all.resultAt(1)).getJsonObject(0);
          assertThat(listed.getString("id")).isEqualTo(file.getString("id"));
          assertThat(listed.containsKey("body")).isFalse();
        })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void taskOfTheContractWritesRawTextAsJsonCodeOrMarkdown(Vertx vertx, VertxTestContext test) {
    api.createContract(owner, "evaluated").compose(contractId ->
      Agents.start(vertx, hub, api, owner, task("writer").put("contractId", contractId)).compose(agent ->
        Future.all(
            createAs(agent, contractId, "evaluation-result", "{\"passed\": true, \"overallScore\": 0.9}"),
            createAs(agent, contractId, "notes", "# Notes\nAll good."))
          .map(check(all -> {
            JsonObject json = expect(all.resultAt(0), 201).getJsonArray("body").getJsonObject(0);
            assertThat(json.getString("type")).isEqualTo("code");
            assertThat(json.getString("language")).isEqualTo("json");
            assertThat(json.getString("content")).contains("\"passed\": true");
            JsonObject text = expect(all.resultAt(1), 201).getJsonArray("body").getJsonObject(0);
            assertThat(text.getString("type")).isEqualTo("markdown");
            assertThat(text.getString("content")).isEqualTo("# Notes\nAll good.");
          }))
          .compose(created -> api.request(HttpMethod.GET, "/api/v1/contracts/" + contractId + "/files")
            .putHeader("X-Tool-Key", agent.toolKey()).send())
          .map(check(listed -> assertThat(expectArray(listed)).hasSize(2)))
          .eventually(agent.daemon()::kill)))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void taskCannotReachAnotherContractsFilesNorAnotherOwnerTheirs(Vertx vertx, VertxTestContext test) {
    Future.all(api.createContract(owner, "mine"), api.createContract(owner, "other")).compose(contracts -> {
      String mine = contracts.resultAt(0);
      String other = contracts.resultAt(1);
      return api.post(owner.apiKey(), "/api/v1/contracts/" + other + "/files",
          new JsonObject().put("name", "secret").put("content", "hidden"))
        .map(created -> expect(created, 201).getString("id"))
        .compose(secretId -> Agents.start(vertx, hub, api, owner, task("nosy").put("contractId", mine))
          .compose(agent -> api.newOwner().compose(stranger -> Future.all(
              api.request(HttpMethod.GET, "/api/v1/contracts/" + other + "/files")
                .putHeader("X-Tool-Key", agent.toolKey()).send(),
              createAs(agent, other, "intrusion", "x"),
              api.request(HttpMethod.GET, "/api/v1/files/" + secretId).putHeader("X-Tool-Key", agent.toolKey())
                .send(),
              api.get(stranger.apiKey(), "/api/v1/files/" + secretId)))
            .map(check(all -> {
              for (int i = 0; i < all.size(); i++) {
                assertThat(expect(all.resultAt(i), 404).getString("code")).isEqualTo("NOT_FOUND");
              }
            }))
            .compose(checked -> api.get(owner.apiKey(), "/api/v1/contracts/" + other + "/files"))
            .map(check(files -> assertThat(expectArray(files)).hasSize(1)))
            .eventually(agent.daemon()::kill)));
    }).onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> createAs(RunningAgent agent, String contractId, String name, String text) {
    return api.request(HttpMethod.POST, "/api/v1/contracts/" + contractId + "/files")
      .putHeader("X-Tool-Key", agent.toolKey()).sendJsonObject(new JsonObject().put("name", name)
        .put("content", text));
  }
}
