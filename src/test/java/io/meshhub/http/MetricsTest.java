package io.meshhub.http;

import static io.meshhub.support.Api.expect;
import static io.meshhub.support.Api.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.HubEvents;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /metrics, after real work on the hub — a task created, dispatched and completed, a bad frame, a blocked ask then
 * answered, a task left waiting, a directive — carries Vert.x's own meters and each of the hub's, with values.
 */
class MetricsTest extends ClientTest {

  @Test
  void metricsCarryVertxsMetersAndEachOfTheHubsWithValuesAfterWork() {
    RunningHub hub = TestHub.shared();
    Api api = new Api(vertx, hub);
    TestOwner owner = await(api.newOwner(), "an owner");
    TestDaemon daemon = await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 4), "a daemon");
    JsonObject created = await(api.createTask(owner, task("measured")), "a task");
    UUID taskId = UUID.fromString(created.getString("id"));
    Future<JsonObject> ended = HubEvents.taskCompleted(hub, taskId);
    await(daemon.await("spawnTask", taskId), "its spawn");
    daemon.reportRunning(taskId);
    daemon.complete(taskId, true, "measured");
    await(ended, "its end");
    daemon.sendText("{");
    await(daemon.await("error"), "the bad frame's answer");

    JsonObject contract = expect(await(api.post(owner.apiKey(), "/api/v1/contracts", new JsonObject()
      .put("name", "measured").put("supervisorPlan", "lead")), "a contract"), 201);
    UUID supervisorId = UUID.fromString(contract.getString("supervisorTaskId"));
    String toolKey = await(daemon.await("spawnTask", supervisorId), "the supervisor").getString("toolKey");
    daemon.reportRunning(supervisorId);
    Future<JsonObject> asked = HubEvents.ownerEvent(hub, owner.id(), event -> "questionAsked".equals(
      event.getString("type")));
    Future<HttpResponse<Buffer>> blocked = api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions")
      .putHeader("X-Tool-Key", toolKey).sendJsonObject(new JsonObject().put("question", "Measured?")
        .put("timeoutSeconds", 60));
    String questionId = await(asked, "the question").getString("questionId");
    String whileBlocked = scrape(api);
    expect(await(api.post(owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
      new JsonObject().put("response", "yes")), "the answer"), 200);
    expect(await(blocked, "the blocked ask"), 200);

    TestOwner idle = await(api.newOwner(), "an owner without daemons");
    await(api.createTask(idle, task("waiting")), "a waiting task");
    expect(await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject().put("title", "Measured")
      .put("goal", "count")), "a directive"), 201);
    String after = scrape(api);

    assertThat(value(whileBlocked, "meshhub_asks_blocked")).as("blocked asks").isPositive();
    for (String meter : List.of("vertx_http_server_requests_total", "vertx_eventbus_processed_total",
      "vertx_pool_completed_total", "meshhub_dispatch_latency_seconds_count", "meshhub_answer_latency_seconds_count",
      "meshhub_scheduler_run_seconds_count", "meshhub_scheduler_run_started_sum", "meshhub_queue_depth",
      "meshhub_daemons_connected", "meshhub_daemon_frames_bad_total")) {
      assertThat(value(after, meter)).as(meter).isPositive();
    }
    assertThat(value(after, "meshhub_tasks", "status=\"done\"")).isPositive();
    assertThat(value(after, "meshhub_tasks", "status=\"pending\"")).isPositive();
    assertThat(value(after, "meshhub_daemon_slots", "state=\"used\"")).isPositive();
    assertThat(value(after, "meshhub_daemon_slots", "state=\"free\"")).isPositive();
    assertThat(value(after, "meshhub_daemon_frames_total", "type=\"taskComplete\"")).isPositive();
    assertThat(value(after, "meshhub_directives", "status=\"draft\"")).isPositive();
    await(daemon.kill(), "the daemon to leave");
  }

  /** With metrics.port set, the scrape is on that port alone: the public port does not show the figures. */
  @Test
  void metricsOnAPortOfTheirOwnAreNotOnThePublicPort() {
    String metricsPort = TestHub.OwnHub.freePort();
    TestHub.OwnHub own = TestHub.OwnHub.create().with(Map.of("metrics.port", metricsPort));
    RunningHub hub = TestHub.start(own.config(), own.adminKey());
    try {
      Api publicPort = new Api(vertx, hub);
      Api apart = new Api(vertx, Integer.parseInt(metricsPort), own.adminKey());
      HttpResponse<Buffer> onPublic = await(publicPort.request(HttpMethod.GET, "/metrics").send(), "public");
      assertThat(onPublic.statusCode()).isEqualTo(404);
      assertThat(value(scrape(apart), "vertx_http_server_requests_total")).isPositive();
    } finally {
      hub.stop();
    }
  }

  private static String scrape(Api api) {
    HttpResponse<Buffer> scraped = await(api.request(HttpMethod.GET, "/metrics").send(), "a scrape");
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.getHeader("Content-Type")).startsWith("text/plain");
    return scraped.bodyAsString();
  }

  /** The sum of the samples of the meter whose labels include {@code labels}. */
  private static double value(String scrape, String meter, String... labels) {
    List<String> samples = scrape.lines().filter(line -> line.startsWith(meter + "{") || line.startsWith(meter + " "))
      .filter(line -> Arrays.stream(labels).allMatch(line::contains)).toList();
    assertThat(samples).as("samples of " + meter + " " + String.join(",", labels)).isNotEmpty();
    return samples.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum();
  }

  private static <T> T await(Future<T> future, String what) {
    return Blocking.await(future, 30, what);
  }
}
