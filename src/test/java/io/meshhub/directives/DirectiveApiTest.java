package io.meshhub.directives;

import static io.meshhub.support.Api.check;
import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.expectArray;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.OwnerTest;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;

/** A directive from draft to a chain: edits, start, the planner's plan checked as a whole, one chain only. */
class DirectiveApiTest extends OwnerTest {

  private static final String DIRECTIVES = "/api/v1/directives";

  /** A started directive and its planner as the daemon received it. */
  private record Planning(String directiveId, String contractId, JsonObject plannerSpawn, TestDaemon daemon) {

    String toolKey() {
      return plannerSpawn.getString("toolKey");
    }
  }

  @Test
  void draftIsEditableAtItsVersionAndDeletable(VertxTestContext test) {
    create("Draft").compose(directive -> {
      String path = DIRECTIVES + "/" + directive.getString("id");
      assertThat(directive.getString("status")).isEqualTo("draft");
      assertThat(directive.getString("reconcileMode")).isEqualTo("auto");
      assertThat(directive.getInteger("maxChainRegenerations")).isEqualTo(2);
      assertThat(directive.getInteger("maxReworkCycles")).isEqualTo(3);
      assertThat(directive.getDouble("confidenceThresholdGreen")).isEqualTo(0.8);
      return api.patch(owner.apiKey(), path, new JsonObject().put("version", 1).put("goal", "a better goal")
          .put("reconcileMode", "manual"))
        .map(check(patched -> {
          JsonObject updated = expect(patched, 200);
          assertThat(updated.getString("goal")).isEqualTo("a better goal");
          assertThat(updated.getString("reconcileMode")).isEqualTo("manual");
          assertThat(updated.getInteger("version")).isEqualTo(2);
        }))
        .compose(patched -> api.patch(owner.apiKey(), path, new JsonObject().put("version", 1).put("goal", "stale")))
        .map(check(stale -> assertThat(expect(stale, 409).getString("code")).isEqualTo("CONFLICT")))
        .compose(stale -> api.as(owner.apiKey(), HttpMethod.DELETE, path).send())
        .map(check(deleted -> assertThat(deleted.statusCode()).isEqualTo(204)))
        .compose(deleted -> api.get(owner.apiKey(), path))
        .map(check(gone -> assertThat(expect(gone, 404).getString("code")).isEqualTo("NOT_FOUND")));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void startCreatesThePlanningContractAndSchedulesThePlanner(Vertx vertx, VertxTestContext test) {
    planning(vertx).compose(p -> {
      JsonObject spawn = p.plannerSpawn();
      assertThat(spawn.getBoolean("isSupervisor")).isTrue();
      assertThat(spawn.getString("directiveId")).isEqualTo(p.directiveId());
      assertThat(spawn.getString("plan")).contains("Ship the parser").contains("parse every input")
        .contains("meshhub submit-plan --directive " + p.directiveId())
        .contains("meshhub complete --contract " + p.contractId())
        .contains("dependsOn");
      String path = DIRECTIVES + "/" + p.directiveId();
      return Future.all(api.get(owner.apiKey(), "/api/v1/contracts/" + p.contractId()),
          api.post(owner.apiKey(), path + "/start", new JsonObject()),
          api.patch(owner.apiKey(), path, new JsonObject().put("version", 3).put("goal", "too late")),
          api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + spawn.getString("taskId")))
        .map(check(all -> {
          JsonObject contract = expect(all.resultAt(0), 200);
          assertThat(contract.getBoolean("localOnly")).isTrue();
          assertThat(contract.getBoolean("isDirectiveOrchestrator")).isTrue();
          assertThat(contract.getString("phase")).isEqualTo("plan");
          assertThat(contract.getString("directiveId")).isEqualTo(p.directiveId());
          JsonObject again = expect(all.resultAt(1), 409);
          assertThat(again.getString("code")).isEqualTo("INVALID_STATE");
          assertThat(again.getString("message")).contains("planning");
          assertThat(expect(all.resultAt(2), 409).getString("code")).isEqualTo("INVALID_STATE");
          assertThat(expect(all.resultAt(3), 200).getInteger("priority")).isEqualTo(10);
        }))
        .eventually(p.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void invalidPlansWriteNothingAndAValidPlanMakesOneChainWhateverHappensNext(Vertx vertx, VertxTestContext test) {
    planning(vertx).compose(p -> {
      List<JsonObject> invalid = List.of(new JsonObject().put("steps", new JsonArray()),
        plan(step("A", "x"), step("A", "y")), plan(step("A", "x", "missing")), plan(step("A", "x", "A")),
        plan(step("A", "x", "B"), step("B", "y", "A")), plan(step("", "x")), plan(step("A", " ")));
      return Future.all(invalid.stream().map(body -> submit(p, body)).toList())
        .map(check(all -> {
          for (int i = 0; i < all.size(); i++) {
            assertThat(expect(all.<HttpResponse<Buffer>>resultAt(i), 400).getString("code"))
              .isEqualTo("INVALID_PLAN");
          }
        }))
        .compose(refused -> api.get(owner.apiKey(), DIRECTIVES + "/" + p.directiveId()))
        .map(check(untouched -> {
          JsonObject directive = expect(untouched, 200);
          assertThat(directive.getString("status")).isEqualTo("planning");
          assertThat(directive.getValue("currentChainId")).isNull();
        }))
        .compose(untouched -> Future.all(submit(p, diamond()), submit(p, diamond()), submit(p, diamond())))
        .map(check(all -> {
          for (int i = 0; i < all.size(); i++) {
            JsonObject directive = expect(all.resultAt(i), 200);
            assertThat(directive.getString("status")).isEqualTo("active");
          }
          String chainId = expect(all.resultAt(0), 200).getString("currentChainId");
          assertThat(expect(all.resultAt(1), 200).getString("currentChainId")).isEqualTo(chainId);
          assertThat(expect(all.resultAt(2), 200).getString("currentChainId")).isEqualTo(chainId);
        }))
        .compose(submitted -> Future.all(api.get(owner.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/chain"),
          api.get(owner.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/events")))
        .map(check(all -> {
          JsonArray steps = expect(all.resultAt(0), 200).getJsonArray("steps");
          assertThat(steps.stream().map(s -> ((JsonObject) s).getString("name")))
            .containsExactly("A", "B", "C", "D");
          String a = steps.getJsonObject(0).getString("id");
          assertThat(steps.getJsonObject(1).getJsonArray("dependsOn")).containsExactly(a);
          assertThat(steps.getJsonObject(3).getJsonArray("dependsOn")).hasSize(2);
          assertThat(steps.stream().map(s -> ((JsonObject) s).getString("status")))
            .as("the plan advances at once: A, depending on nothing, runs").containsExactly("running", "pending",
              "pending", "pending");
          List<String> events = expectArray(all.resultAt(1)).stream()
            .map(e -> ((JsonObject) e).getString("eventType")).toList();
          assertThat(events).containsSubsequence("directive_created", "directive_started", "plan_submitted");
          assertThat(events.stream().filter("plan_submitted"::equals)).hasSize(1);
        }))
        .eventually(p.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void pausedDirectiveTakesNoPlanUntilResumedAndArchivedOneCanBeDeleted(Vertx vertx, VertxTestContext test) {
    planning(vertx).compose(p -> {
      String path = DIRECTIVES + "/" + p.directiveId();
      return api.post(owner.apiKey(), path + "/pause", new JsonObject())
        .map(check(paused -> assertThat(expect(paused, 200).getString("status")).isEqualTo("paused")))
        .compose(paused -> submit(p, diamond()))
        .map(check(refused -> assertThat(expect(refused, 409).getString("code")).isEqualTo("INVALID_STATE")))
        .compose(refused -> api.post(owner.apiKey(), path + "/resume", new JsonObject()))
        .map(check(resumed -> assertThat(expect(resumed, 200).getString("status")).isEqualTo("planning")))
        .compose(resumed -> api.as(owner.apiKey(), HttpMethod.DELETE, path).send())
        .map(check(busy -> assertThat(expect(busy, 409).getString("code")).isEqualTo("INVALID_STATE")))
        .compose(busy -> api.post(owner.apiKey(), path + "/archive", new JsonObject()))
        .map(check(archived -> assertThat(expect(archived, 200).getString("status")).isEqualTo("archived")))
        .compose(archived -> api.as(owner.apiKey(), HttpMethod.DELETE, path).send())
        .map(check(deleted -> assertThat(deleted.statusCode()).isEqualTo(204)))
        .eventually(p.daemon()::kill);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void plannerOfOneDirectiveCannotPlanAnotherAndOtherOwnersSeeNothing(Vertx vertx, VertxTestContext test) {
    planning(vertx).compose(p -> create("Other").compose(other -> api.post(owner.apiKey(),
        DIRECTIVES + "/" + other.getString("id") + "/start", new JsonObject())
      .compose(started -> api.request(HttpMethod.POST, DIRECTIVES + "/" + other.getString("id") + "/plan")
        .putHeader("X-Tool-Key", p.toolKey()).sendJsonObject(diamond()))
      .map(check(refused -> assertThat(expect(refused, 403).getString("code")).isEqualTo("FORBIDDEN")))
      .compose(refused -> api.newOwner())
      .compose(stranger -> Future.all(
        api.get(stranger.apiKey(), DIRECTIVES + "/" + p.directiveId()),
        api.get(stranger.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/chain"),
        api.get(stranger.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/events"),
        api.get(stranger.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/evaluations"),
        api.post(stranger.apiKey(), DIRECTIVES + "/" + p.directiveId() + "/plan", diamond())))
      .map(check(all -> {
        for (int i = 0; i < all.size(); i++) {
          assertThat(expect(all.<HttpResponse<Buffer>>resultAt(i), 404).getString("code")).isEqualTo("NOT_FOUND");
        }
      })))
      .eventually(p.daemon()::kill)).onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> create(String title) {
    return api.post(owner.apiKey(), DIRECTIVES, new JsonObject().put("title", title).put("goal", "Ship the parser")
        .put("acceptanceCriteria", new JsonArray().add("parse every input")))
      .map(response -> expect(response, 201));
  }

  /** A started directive whose planner task has reached a fresh daemon. */
  private Future<Planning> planning(Vertx vertx) {
    return create("Parser").compose(directive -> TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 1)
      .compose(daemon -> api.post(owner.apiKey(), DIRECTIVES + "/" + directive.getString("id") + "/start",
          new JsonObject())
        .map(started -> expect(started, 200))
        .compose(started -> daemon.await("spawnTask").map(spawn -> new Planning(started.getString("id"),
          started.getString("orchestratorContractId"), spawn, daemon)))));
  }

  private Future<HttpResponse<Buffer>> submit(Planning p, JsonObject plan) {
    return api.request(HttpMethod.POST, DIRECTIVES + "/" + p.directiveId() + "/plan")
      .putHeader("X-Tool-Key", p.toolKey()).sendJsonObject(plan);
  }

  private static JsonObject diamond() {
    return plan(step("A", "base"), step("B", "left", "A"), step("C", "right", "A"), step("D", "join", "B", "C"));
  }

  private static JsonObject plan(JsonObject... steps) {
    return new JsonObject().put("steps", new JsonArray(List.of((Object[]) steps)));
  }

  private static JsonObject step(String name, String taskPlan, String... dependsOn) {
    return new JsonObject().put("name", name).put("taskPlan", taskPlan)
      .put("dependsOn", new JsonArray(List.of((Object[]) dependsOn)));
  }
}
