package io.meshhub.http;

import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.auth.ApiKeys;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** /ready follows the database: 503 naming the postgres check while it is stopped under a running hub, 200 after. */
class ReadinessTest extends ClientTest {

  @Test
  void readyIsDownNamingPostgresWhileTheDatabaseIsStoppedAndUpAgainOnceItIsBack(@TempDir Path dir) throws Exception {
    int port = Integer.parseInt(TestHub.OwnHub.freePort());
    EmbeddedPostgres.Builder database = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
      .setCleanDataDirectory(false).setPort(port);
    EmbeddedPostgres postgres = database.start();
    String adminKey = ApiKeys.newOwnerKey();
    Map<String, String> settings = new HashMap<>(TestHub.TEST_TIMINGS);
    settings.putAll(Map.of("db.url", "postgresql://postgres@localhost:" + port + "/postgres",
      "auth.bootstrapKey", adminKey));
    RunningHub hub = TestHub.start(settings, adminKey);
    try {
      Api api = new Api(vertx, hub);
      assertThat(check(expect(ready(api), 200), "postgres").getString("status")).isEqualTo("UP");

      postgres.close();
      HttpResponse<Buffer> down = ready(api);
      assertThat(down.statusCode()).isEqualTo(503);
      JsonObject answer = down.bodyAsJsonObject();
      assertThat(answer.getString("status")).isEqualTo("DOWN");
      assertThat(check(answer, "postgres").getString("status")).isEqualTo("DOWN");
      assertThat(check(answer, "postgres").getJsonObject("data").getString("reason"))
        .isEqualTo("the database does not answer");
      assertThat(check(answer, "verticles").getString("status")).isEqualTo("UP");

      postgres = database.start();
      assertThat(check(expect(ready(api), 200), "postgres").getString("status")).isEqualTo("UP");
    } finally {
      hub.stop();
      postgres.close();
    }
  }

  private static HttpResponse<Buffer> ready(Api api) {
    return Blocking.await(api.request(HttpMethod.GET, "/ready").send(), 30, "/ready");
  }

  private static JsonObject check(JsonObject answer, String id) {
    return answer.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(check -> id.equals(check.getString("id"))).findFirst()
      .orElseThrow(() -> new AssertionError("no check " + id + " in " + answer.encode()));
  }
}
