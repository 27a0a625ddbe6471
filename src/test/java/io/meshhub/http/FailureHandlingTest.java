package io.meshhub.http;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.meshhub.core.RequestIds;
import io.meshhub.support.Api;
import io.meshhub.support.LogCapture;
import io.meshhub.support.TestDatabase;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class FailureHandlingTest {

  private Api api;
  private SqlClient database;
  private TestOwner owner;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    api = new Api(vertx, TestHub.shared());
    database = PgBuilder.client().connectingTo(PgConnectOptions.fromUri(TestDatabase.url())).using(vertx).build();
    api.newOwner().onComplete(test.succeeding(created -> {
      owner = created;
      test.completeNow();
    }));
  }

  @AfterEach
  void tearDown(VertxTestContext test) {
    database.close().onComplete(test.succeedingThenComplete());
  }

  /**
   * The event log's table is renamed under the running hub, so reading a task's events fails inside the hub: the
   * caller sees a bare INTERNAL_ERROR, and the log line with the cause carries the same request id.
   */
  @Test
  void internalFailureIsA500WithoutDetailsAndItsRequestIdIsInTheLog(VertxTestContext test) {
    LogCapture logs = new LogCapture();
    api.createTask(owner, task("doomed"))
      .compose(created -> database.query("alter table task_events rename to task_events_hidden").execute()
        .compose(renamed -> api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + created.getString("id") + "/events"))
        .eventually(() -> database.query("alter table task_events_hidden rename to task_events").execute()))
      .map(check(response -> {
        logs.close();
        assertThat(expect(response, 500).getString("code")).isEqualTo("INTERNAL_ERROR");
        assertThat(response.bodyAsString()).doesNotContain("task_events").doesNotContain("relation")
          .doesNotContain("Exception");
        String requestId = response.getHeader(RequestIds.HEADER);
        assertThat(requestId).isNotBlank();
        assertThat(logs.withCause()).anySatisfy(event -> {
          assertThat(event.getFormattedMessage()).contains(requestId);
          assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).contains("task_events");
        });
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownRoutesAndMethodsAreApiErrorsWithARequestId(VertxTestContext test) {
    Future.all(
        api.get(owner.apiKey(), "/api/v1/nothing-here"),
        api.as(owner.apiKey(), HttpMethod.PUT, "/api/v1/mesh/tasks").send())
      .map(check(all -> {
        assertThat(expect(all.resultAt(0), 404).getString("code")).isEqualTo("NOT_FOUND");
        assertThat(expect(all.resultAt(1), 405).getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
        for (int i = 0; i < all.size(); i++) {
          assertThat(all.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(i).getHeader(RequestIds.HEADER))
            .isNotBlank();
        }
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void systemRoutesNeedNoKey(VertxTestContext test) {
    Future.all(
        api.request(HttpMethod.GET, "/health").send(),
        api.request(HttpMethod.GET, "/ready").send(),
        api.request(HttpMethod.GET, "/openapi.yaml").send())
      .map(check(all -> {
        assertThat(expect(all.resultAt(0), 200).getString("status")).isEqualTo("UP");
        JsonObject ready = expect(all.resultAt(1), 200);
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getJsonArray("checks").stream().map(check -> ((JsonObject) check).getString("id")))
          .containsExactlyInAnyOrder("verticles", "postgres");
        io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> document = all.resultAt(2);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.bodyAsString()).startsWith("openapi: 3.0").contains("operationId: createTask");
      }))
      .onComplete(test.succeedingThenComplete());
  }
}
