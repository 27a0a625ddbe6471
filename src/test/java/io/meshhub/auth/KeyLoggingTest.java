package io.meshhub.auth;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.LogCapture;
import io.meshhub.support.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

/** Keys never reach the log, whatever is done with them: creation, use, failed use, revocation. */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class KeyLoggingTest {

  @Test
  void noKeyAppearsInAnyLogLine(Vertx vertx, VertxTestContext test) {
    Api api = new Api(vertx, TestHub.shared());
    List<String> keys = new ArrayList<>(List.of(TestHub.shared().adminKey()));
    String unknownKey = ApiKeys.newOwnerKey();
    keys.add(unknownKey);
    LogCapture logs = new LogCapture();
    api.newOwner()
      .compose(owner -> {
        keys.add(owner.apiKey());
        return api.post(owner.apiKey(), "/api/v1/keys", new JsonObject()).map(created -> expect(created, 201))
          .compose(second -> {
            keys.add(second.getString("apiKey"));
            return Future.all(
                api.get(owner.apiKey(), "/api/v1/me"),
                api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-API-Key", second.getString("apiKey")).send(),
                api.get(unknownKey, "/api/v1/me"),
                api.request(HttpMethod.GET, "/api/v1/me").putHeader("X-Tool-Key", unknownKey).send())
              .compose(used -> api.as(owner.apiKey(), HttpMethod.DELETE, "/api/v1/keys/" + second.getString("id"))
                .send())
              .compose(revoked -> api.get(second.getString("apiKey"), "/api/v1/me"));
          });
      })
      .map(check(lastResponse -> {
        logs.close();
        assertThat(lastResponse.statusCode()).isEqualTo(401);
        assertThat(logs.lines()).anyMatch(line -> line.contains("/api/v1/me"));
        List<String> jsonLines = logs.jsonLines();
        assertThat(jsonLines.stream().map(JsonObject::new))
          .anyMatch(line -> line.getString("formattedMessage", "").contains("/api/v1/me"));
        for (String key : keys) {
          assertThat(logs.lines()).noneMatch(line -> line.contains(key));
          assertThat(logs.lines()).noneMatch(line -> line.contains(key.substring(3, 20)));
          assertThat(jsonLines).noneMatch(line -> line.contains(key));
          assertThat(jsonLines).noneMatch(line -> line.contains(key.substring(3, 20)));
        }
      }))
      .onComplete(test.succeedingThenComplete());
  }
}
