package io.meshhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Connections;
import io.meshhub.support.HubEvents;
import io.meshhub.support.MeshhubProcess;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code claude} preset against a stand-in {@code claude} first on the daemon's {@code PATH} that replays a
 * recorded stream-JSON session: its lines become typed task output, and a retry on another daemon resumes the
 * recorded session with {@code --resume}.
 */
class ClaudePresetTest extends ProcessTest {

  private static final String SESSION = "5d2f8a41-7c0e-4f6b-9a3d-1e2b3c4d5e6f";


  @Test
  void streamJsonBecomesTypedOutputAndARetryResumesTheSession(@TempDir Path dir) throws IOException {
    TestOwner owner = newOwner();
    Path bin = fakeClaude(dir.resolve("bin"));
    Path argsLog = dir.resolve("claude-args.log");
    Map<String, String> environment = asOwner(owner, Map.of("FAKE_CLAUDE_ARGS", argsLog.toString(),
      "PATH", bin + ":" + System.getenv("PATH")));
    Connections.Connected first = Connections.start(hub, owner, id -> true, () -> MeshhubProcess.daemon(environment,
      dir.resolve("a.log"), "--workdir", dir.resolve("daemon-a").toString(), "--agent", "claude"));
    MeshhubProcess second = null;
    try {
      Future<JsonObject> toolResult = HubEvents.ownerEvent(hub, owner.id(), event ->
        "taskOutput".equals(event.getString("type")) && "tool_result".equals(event.getString("messageType")));
      JsonObject task = Blocking.await(api.createTask(owner, Api.task("look around")), 30, "a task");
      UUID taskId = UUID.fromString(task.getString("id"));
      Blocking.await(toolResult, 60, "the first session's output; daemon log:\n" + first.process().log());

      Connections.Connected other = Connections.start(hub, owner, id -> !id.equals(first.daemonId()),
        () -> MeshhubProcess.daemon(environment, dir.resolve("b.log"), "--workdir", dir.resolve("daemon-b").toString(),
          "--agent", "claude"));
      second = other.process();
      Future<JsonObject> done = HubEvents.taskCompleted(hub, taskId);
      first.process().kill();
      JsonObject finished = Blocking.await(done, 90, "the resumed session; log of b:\n" + second.log());

      assertThat(finished.getString("status")).isEqualTo("done");
      assertThat(finished.getString("outputSummary")).isEqualTo("Done: the repository only holds a README.");
      List<String> runs = Files.readAllLines(argsLog);
      assertThat(runs).containsExactly("-p --output-format stream-json --verbose",
        "-p --output-format stream-json --verbose --resume " + SESSION);
      assertOutput(outputOf(owner, taskId));
    } finally {
      first.process().close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static void assertOutput(List<JsonObject> output) {
    assertThat(output).extracting(entry -> entry.getString("messageType")).containsExactly("assistant", "tool_use",
      "tool_result", "assistant", "result");
    assertThat(output.get(0).getString("content")).isEqualTo("I'll look at the files first.");
    assertThat(output.get(1).getString("toolName")).isEqualTo("Bash");
    assertThat(output.get(1).getJsonObject("toolInput").getString("command")).isEqualTo("ls -la");
    assertThat(output.get(2).getString("content")).isEqualTo("total 0\nREADME.md");
    assertThat(output.get(2).getBoolean("isError")).isFalse();
    assertThat(output.get(4).getDouble("costUsd")).isEqualTo(0.0421);
    assertThat(output.get(4).getLong("durationMs")).isEqualTo(4210L);
  }

  private static List<JsonObject> outputOf(TestOwner owner, UUID taskId) {
    JsonArray events = Blocking.await(api.get(owner.apiKey(), "/api/v1/mesh/tasks/" + taskId + "/events?limit=1000")
      .map(Api::expectArray), 30, "the task's events");
    return events.stream().map(JsonObject.class::cast).filter(event -> "output".equals(event.getString("eventType")))
      .map(event -> event.getJsonObject("eventData")).toList();
  }

  private static Path fakeClaude(Path bin) throws IOException {
    Files.createDirectories(bin);
    for (String file : List.of("claude", "claude-first.jsonl", "claude-resumed.jsonl")) {
      Files.copy(Path.of("src/test/resources/fake-bin", file), bin.resolve(file));
    }
    Files.setPosixFilePermissions(bin.resolve("claude"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
