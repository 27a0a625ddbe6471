package io.meshhub.app;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hub with no {@code db.url} runs its own Postgres in a data directory that outlives it: a second start finds
 * everything the first one stored, and stopping leaves no Postgres behind.
 */
@ExtendWith(VertxExtension.class)
@Timeout(180_000)
class HubRestartTest {

  @Test
  void secondStartOnTheSameDataDirectoryKeepsOwnersAndTheirKeys(Vertx vertx, VertxTestContext test,
                                                                @TempDir Path dataDir) {
    Map<String, String> embedded = Map.of("db.url", "", "db.dataDir", dataDir.resolve("pg").toString());
    RunningHub first = TestHub.start(embedded, null);
    String adminKey = first.hub().generatedAdminKey().orElseThrow();
    Api firstApi = new Api(vertx, new RunningHub(first.hub(), adminKey));
    AtomicReference<TestOwner> owner = new AtomicReference<>();

    firstApi.request(HttpMethod.GET, "/ready").send()
      .map(check(ready -> expect(ready, 200)))
      .compose(ready -> firstApi.newOwner())
      .map(check(owner::set))
      .compose(created -> firstApi.createTask(created, new JsonObject().put("name", "kept").put("plan", "p")))
      .compose(task -> vertx.executeBlocking(() -> {
        first.stop();
        assertThat(postmasterRunning(dataDir)).isFalse();
        return TestHub.start(embedded, null);
      }))
      .compose(second -> {
        Api secondApi = new Api(vertx, second);
        return Future.all(
            secondApi.request(HttpMethod.GET, "/ready").send(),
            secondApi.get(owner.get().apiKey(), "/api/v1/me"),
            secondApi.get(owner.get().apiKey(), "/api/v1/mesh/tasks"),
            secondApi.get(adminKey, "/api/v1/me"))
          .map(check(all -> {
            assertThat(second.hub().generatedAdminKey()).as("an admin key is generated only once").isEmpty();
            expect(all.resultAt(0), 200);
            assertThat(expect(all.resultAt(1), 200).getString("ownerId")).isEqualTo(owner.get().id().toString());
            assertThat(all.<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>resultAt(2)
              .bodyAsJsonArray()).hasSize(1);
            assertThat(expect(all.resultAt(3), 200).getBoolean("admin")).isTrue();
          }))
          .eventually(() -> vertx.executeBlocking(() -> {
            second.stop();
            return null;
          }));
      })
      .map(check(stopped -> assertThat(postmasterRunning(dataDir)).isFalse()))
      .onComplete(test.succeedingThenComplete());
  }

  /** Postgres keeps {@code postmaster.pid} in its data directory for exactly as long as it runs. */
  private static boolean postmasterRunning(Path dataDir) {
    return Files.exists(dataDir.resolve("pg").resolve("postmaster.pid"));
  }
}
