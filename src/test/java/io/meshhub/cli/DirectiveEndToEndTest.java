package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.GitRepo;
import io.meshhub.support.HubEvents;
import io.meshhub.support.MeshhubProcess;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A directive run by real agents, as a user runs one: the hub, a {@code meshhub daemon} process with the command
 * preset, a scripted agent that only uses the {@code meshhub} command line and git, and a repository of the test's.
 */
class DirectiveEndToEndTest extends ProcessTest {


  @Test
  void plannerWorkersAndEvaluatorsCarryADirectiveToCompletion(@TempDir Path dir) {
    TestOwner owner = newOwner();
    GitRepo repo = GitRepo.create(dir.resolve("repo"));
    Map<String, String> asOwner = asOwner(owner);
    try (MeshhubProcess daemon = MeshhubProcess.daemon(asOwner, dir.resolve("daemon.log"), "--workdir",
      dir.resolve("daemon").toString(), "--max-tasks", "4", "--agent", "command", "--agent-command",
      scriptedAgent("directive-agent.sh"))) {
      MeshhubProcess.Result created = MeshhubProcess.run(asOwner, "directives", "create", "Two files",
        "--goal", "alpha.txt and beta.txt exist", "--repository", repo.path().toString());
      assertThat(created.exitCode()).as(created.stderr()).isZero();
      assertThat(created.stdout().strip()).as("the new directive's id").matches("[0-9a-f-]{36}");
      String directiveId = created.stdout().strip();

      Future<JsonObject> finished = HubEvents.ownerEvent(hub, owner.id(), event ->
        "directiveUpdated".equals(event.getString("type")) && directiveId.equals(event.getString("directiveId"))
          && List.of("completed", "failed").contains(event.getString("status")));
      MeshhubProcess.Result started = MeshhubProcess.run(asOwner, "directives", "start", directiveId);
      assertThat(started.exitCode()).as(started.stderr()).isZero();
      assertThat(started.stdout().strip()).isEqualTo("planning");

      JsonObject end = Blocking.await(finished, 240, "the directive to finish; daemon log:\n" + daemon.log());
      JsonArray events = Blocking.await(api.get(owner.apiKey(), "/api/v1/directives/" + directiveId
        + "/events?limit=1000").map(Api::expectArray), 30, "the audit log");
      assertThat(end.getString("status")).as("audit log %s\ndaemon log:\n%s", events.encodePrettily(), daemon.log())
        .isEqualTo("completed");
      assertThat(events.stream().map(event -> ((JsonObject) event).getString("eventType")))
        .contains("directive_started", "plan_submitted", "step_dispatched", "step_evaluation_passed",
          "directive_completed");
      JsonObject chain = Blocking.await(api.get(owner.apiKey(), "/api/v1/directives/" + directiveId + "/chain")
        .map(response -> Api.expect(response, 200)), 30, "the chain");
      List<JsonObject> steps = chain.getJsonArray("steps").stream().map(JsonObject.class::cast).toList();
      assertThat(steps).extracting(step -> step.getString("status")).containsOnly("passed");
      assertThat(steps).hasSize(2);

      for (JsonObject step : steps) {
        String branch = "meshhub/" + step.getString("taskId");
        String file = step.getString("name").equals("write-alpha") ? "alpha.txt" : "beta.txt";
        assertThat(repo.git("log", "--format=%s", branch)).as("commits of " + branch).contains("Add " + file);
        assertThat(repo.git("show", branch + ":" + file)).contains("work of task " + step.getString("taskId"));
      }
    }
  }
}
