package io.meshhub.http;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the OpenAPI document does not allow are answered 400 VALIDATION_ERROR naming the field, before any
 * handler runs: nothing is created or changed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30_000)
class ValidationTest {

  private static final String TASKS = "/api/v1/mesh/tasks";

  private Api api;
  private TestOwner owner;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    api = new Api(vertx, TestHub.shared());
    api.newOwner().onComplete(test.succeeding(created -> {
      owner = created;
      test.completeNow();
    }));
  }

  @Test
  void createTaskRejectsMissingFieldsWrongTypesAndBadUuidsAndCreatesNothing(VertxTestContext test) {
    Future.all(
        api.post(owner.apiKey(), TASKS, new JsonObject().put("plan", "no name")),
        api.post(owner.apiKey(), TASKS, task("t").put("priority", "high")),
        api.post(owner.apiKey(), TASKS, task("t").put("parentTaskId", "not-a-uuid")),
        api.post(owner.apiKey(), TASKS, task("t").put("colour", "blue")),
        api.post(owner.apiKey(), TASKS, task("t").put("maxRetries", 1000)),
        api.as(owner.apiKey(), HttpMethod.POST, TASKS).putHeader("content-type", "application/json")
          .sendBuffer(Buffer.buffer("{\"name\": ")))
      .map(all -> {
        assertValidationError(all.resultAt(0), "'name'", "required");
        assertValidationError(all.resultAt(1), "'priority'", "integer");
        assertValidationError(all.resultAt(2), "'parentTaskId'", "format");
        assertValidationError(all.resultAt(3), "'colour'", "not allowed");
        assertValidationError(all.resultAt(4), "'maxRetries'", "invalid");
        assertValidationError(all.resultAt(5), "body", "JSON");
        return all;
      })
      .compose(checked -> api.get(owner.apiKey(), TASKS))
      .map(check(list -> assertThat(expectArray(list)).isEmpty()))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void pathAndQueryParametersAreValidatedOnEveryOperation(VertxTestContext test) {
    Future.all(java.util.List.of(
        api.get(owner.apiKey(), TASKS + "/not-a-uuid"),
        api.post(owner.apiKey(), TASKS + "/1234/cancel", new JsonObject()),
        api.get(owner.apiKey(), TASKS + "?status=sleeping"),
        api.get(owner.apiKey(), TASKS + "?limit=5000"),
        api.get(owner.apiKey(), TASKS + "?daemonId=42"),
        api.as(owner.apiKey(), HttpMethod.DELETE, "/api/v1/keys/zzz").send()))
      .map(all -> {
        assertValidationError(all.resultAt(0), "path parameter 'id'", "format");
        assertValidationError(all.resultAt(1), "path parameter 'id'", "format");
        assertValidationError(all.resultAt(2), "query parameter 'status'", "allowed values");
        assertValidationError(all.resultAt(3), "query parameter 'limit'", "invalid");
        assertValidationError(all.resultAt(4), "query parameter 'daemonId'", "format");
        assertValidationError(all.resultAt(5), "path parameter 'id'", "format");
        return all;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void patchNeedsAVersionAndLeavesTheTaskAlone(VertxTestContext test) {
    api.createTask(owner, task("keep")).compose(created -> {
      String path = TASKS + "/" + created.getString("id");
      return Future.all(
          api.patch(owner.apiKey(), path, new JsonObject().put("name", "changed")),
          api.patch(owner.apiKey(), path, new JsonObject().put("version", "one").put("name", "changed")),
          api.patch(owner.apiKey(), path, new JsonObject().put("version", 1).put("name", "")))
        .map(all -> {
          assertValidationError(all.resultAt(0), "'version'", "required");
          assertValidationError(all.resultAt(1), "'version'", "integer");
          assertValidationError(all.resultAt(2), "'name'", "format");
          return all;
        })
        .compose(checked -> api.get(owner.apiKey(), path))
        .map(after -> {
          JsonObject task = expect(after, 200);
          assertThat(task.getString("name")).isEqualTo("keep");
          assertThat(task.getInteger("version")).isEqualTo(1);
          return task;
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void createOwnerValidatesItsBody(VertxTestContext test) {
    String admin = TestHub.shared().adminKey();
    Future.all(
        api.post(admin, "/api/v1/owners", new JsonObject()),
        api.post(admin, "/api/v1/owners", new JsonObject().put("name", 42)),
        api.post(admin, "/api/v1/owners", new JsonObject().put("name", "   ")))
      .map(all -> {
        assertValidationError(all.resultAt(0), "'name'", "required");
        assertValidationError(all.resultAt(1), "'name'", "string");
        assertValidationError(all.resultAt(2), "'name'", "format");
        return all;
      })
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void bodyOverOneMebibyteIsRejected(VertxTestContext test) {
    String hugePlan = "x".repeat(HttpVerticle.MAX_BODY_BYTES + 1);
    api.post(owner.apiKey(), TASKS, task("huge").put("plan", hugePlan))
      .map(response -> {
        assertValidationError(response, "body", "1 MiB");
        return response;
      })
      .compose(checked -> api.get(owner.apiKey(), TASKS))
      .map(check(list -> assertThat(expectArray(list)).isEmpty()))
      .onComplete(test.succeedingThenComplete());
  }

  /** No column can hold U+0000: it is refused with the field it is in, before any statement tries to store it. */
  @Test
  void textWithTheZeroCharacterIsRefusedNamingItsFieldAndCreatesNothing(VertxTestContext test) {
    Future.all(
        api.post(owner.apiKey(), TASKS, task("t").put("plan", "before\u0000after")),
        api.as(owner.apiKey(), HttpMethod.POST, TASKS).putHeader("content-type", "application/json")
          .sendBuffer(Buffer.buffer("{\"name\":\"t\",\"plan\":\"p\",\"baseBranch\":\"main\\u0000\"}")),
        api.post(owner.apiKey(), TASKS, task("t").put("plan", "a backslash and u0000: \\u0000")))
      .map(all -> {
        assertValidationError(all.resultAt(0), "'plan'", "U+0000");
        assertValidationError(all.resultAt(1), "'baseBranch'", "U+0000");
        assertThat(expect(all.resultAt(2), 201).getString("plan")).isEqualTo("a backslash and u0000: \\u0000");
        return all;
      })
      .compose(checked -> api.get(owner.apiKey(), TASKS))
      .map(check(list -> assertThat(expectArray(list)).hasSize(1)))
      .onComplete(test.succeedingThenComplete());
  }

  private static void assertValidationError(HttpResponse<Buffer> response, String field, String reason) {
    JsonObject error = expect(response, 400);
    assertThat(error.getString("code")).isEqualTo("VALIDATION_ERROR");
    assertThat(error.getString("message")).contains(field).contains(reason);
  }
}
