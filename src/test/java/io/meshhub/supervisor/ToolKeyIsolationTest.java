package io.meshhub.supervisor;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.supervisor.Supervisors.Supervised;
import io.meshhub.support.OwnerTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;

/** Another owner's supervisor, with its tool key, finds nothing of this owner's contracts, files, tasks. */
class ToolKeyIsolationTest extends OwnerTest {

  @Test
  void anotherOwnersToolKeyGetsNotFoundOnEverythingOfThisOwner(Vertx vertx, VertxTestContext test) {
    Supervisors.start(vertx, hub, api, owner, 1).compose(mine -> api.post(owner.apiKey(),
        "/api/v1/contracts/" + mine.contractId() + "/files", new JsonObject().put("name", "plan").put("content", "x"))
      .map(created -> expect(created, 201).getString("id"))
      .compose(fileId -> api.newOwner().compose(stranger -> Supervisors.start(vertx, hub, api, stranger, 1)
        .compose(theirs -> Future.all(List.of(
            get(theirs, "/api/v1/contracts/" + mine.contractId() + "/files"),
            get(theirs, "/api/v1/files/" + fileId),
            post(theirs, "/api/v1/contracts/" + mine.contractId() + "/files", new JsonObject().put("name", "f")),
            post(theirs, "/api/v1/contracts/" + mine.contractId() + "/complete", new JsonObject()),
            get(theirs, "/api/v1/mesh/tasks/" + mine.supervisorId() + "/checkpoints"),
            post(theirs, "/api/v1/mesh/supervisor/tasks/" + mine.supervisorId() + "/read-file",
              new JsonObject().put("filePath", "a.txt")),
            post(theirs, "/api/v1/mesh/supervisor/tasks/" + mine.supervisorId() + "/wait",
              new JsonObject().put("timeoutSeconds", 1)),
            get(theirs, "/api/v1/mesh/supervisor/contracts/" + mine.contractId() + "/tree")))
          .map(check(all -> {
            for (int i = 0; i < all.size(); i++) {
              assertThat(expect(all.<HttpResponse<Buffer>>resultAt(i), 404).getString("code"))
                .isEqualTo("NOT_FOUND");
            }
          }))
          .compose(checked -> api.get(owner.apiKey(), "/api/v1/contracts/" + mine.contractId()))
          .map(check(unchanged -> assertThat(expect(unchanged, 200).getString("status")).isEqualTo("active")))
          .eventually(theirs.daemon()::kill))))
      .eventually(mine.daemon()::kill))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> get(Supervised s, String path) {
    return api.request(HttpMethod.GET, path).putHeader("X-Tool-Key", s.toolKey()).send();
  }

  private Future<HttpResponse<Buffer>> post(Supervised s, String path, JsonObject body) {
    return Supervisors.post(api, s, path, body);
  }
}
