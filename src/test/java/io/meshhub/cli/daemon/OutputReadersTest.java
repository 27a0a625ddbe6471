package io.meshhub.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The agents' output formats, read from recorded sessions, and the command lines the presets run. */
class OutputReadersTest {

  @Test
  void codexEventsBecomeTypedOutputWithTheThreadToResume() throws IOException {
    AgentPreset.OutputReader reader = AgentPreset.CODEX.newReader();
    List<JsonObject> output = Files.readAllLines(Path.of("src/test/resources/fake-bin/codex-session.jsonl"))
      .stream().flatMap(line -> reader.read(line).stream()).toList();
    assertThat(output).extracting(entry -> entry.getString("messageType"))
      .containsExactly("tool_use", "tool_result", "tool_use", "assistant");
    assertThat(output.get(0).getString("toolName")).isEqualTo("shell");
    assertThat(output.get(0).getJsonObject("toolInput").getString("command")).isEqualTo("bash -lc ls");
    assertThat(output.get(1).getString("content")).isEqualTo("README.md\n");
    assertThat(output.get(1).getBoolean("isError")).isFalse();
    assertThat(output.get(2).getString("toolName")).isEqualTo("apply_patch");
    assertThat(reader.sessionId()).isEqualTo("0199a213-81c0-7800-8aa1-bbab2a035a53");
    assertThat(reader.summary()).isEqualTo("Added hello.txt.");
  }

  @Test
  void claudeErrorsAndNonJsonLinesAreErrors() {
    AgentPreset.OutputReader reader = AgentPreset.CLAUDE.newReader();
    assertThat(reader.read("Warning: no stdin data received")).singleElement()
      .satisfies(entry -> assertThat(entry.getString("messageType")).isEqualTo("error"));
    List<JsonObject> result = reader.read("{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,"
      + "\"duration_ms\":900,\"total_cost_usd\":0.5,\"session_id\":\"s-1\"}");
    assertThat(result).singleElement().satisfies(entry -> {
      assertThat(entry.getString("messageType")).isEqualTo("error");
      assertThat(entry.getString("content")).isEqualTo("error_max_turns");
      assertThat(entry.getBoolean("isError")).isTrue();
      assertThat(entry.getDouble("costUsd")).isEqualTo(0.5);
    });
    assertThat(reader.sessionId()).isEqualTo("s-1");
  }

  @Test
  void plainOutputSummaryIsTheLastLines() {
    AgentPreset.OutputReader reader = AgentPreset.COMMAND.newReader();
    for (int line = 1; line <= 25; line++) {
      assertThat(reader.read("line " + line)).singleElement()
        .satisfies(entry -> assertThat(entry.getString("messageType")).isEqualTo("assistant"));
    }
    assertThat(reader.summary().lines()).hasSize(20).first().isEqualTo("line 6");
  }

  @Test
  void presetsBuildTheToolsHeadlessCommandLines() {
    Path plan = Path.of("plan.md");
    assertThat(AgentPreset.CLAUDE.commandLine(new AgentPreset.Launch(null, "s-1", plan)))
      .containsExactly("claude", "-p", "--output-format", "stream-json", "--verbose", "--resume", "s-1");
    assertThat(AgentPreset.CODEX.commandLine(new AgentPreset.Launch(null, "t-1", plan)))
      .containsExactly("codex", "exec", "resume", "--json", "t-1", "-");
    assertThat(AgentPreset.CODEX.commandLine(new AgentPreset.Launch(null, null, plan)))
      .containsExactly("codex", "exec", "--json", "-");
    assertThat(AgentPreset.AIDER.commandLine(new AgentPreset.Launch(null, null, plan)))
      .containsExactly("aider", "--yes-always", "--no-pretty", "--no-stream", "--message-file", "plan.md");
    assertThat(AgentPreset.COMMAND.commandLine(new AgentPreset.Launch("./agent.sh", null, plan)))
      .containsExactly("sh", "-c", "./agent.sh");
  }
}
