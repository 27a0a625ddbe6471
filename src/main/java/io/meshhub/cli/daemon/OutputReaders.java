package io.meshhub.cli.daemon;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The readers of agents' output formats: plain lines, Claude Code's stream-JSON, Codex's JSON events. */
final class OutputReaders {

  /** How many trailing lines of plain output make the summary. */
  private static final int SUMMARY_LINES = 20;

  private OutputReaders() {
  }

  static JsonObject entry(String messageType, String content) {
    return new JsonObject().put("messageType", messageType).put("content", content == null ? "" : content);
  }

  /** Plain output: each line is an assistant message; the summary is the last lines. */
  static final class Lines implements AgentPreset.OutputReader {
    private final Deque<String> last = new ArrayDeque<>();

    @Override
    public List<JsonObject> read(String line) {
      last.addLast(line);
      if (last.size() > SUMMARY_LINES) {
        last.removeFirst();
      }
      return List.of(entry("assistant", line));
    }

    @Override
    public String sessionId() {
      return null;
    }

    @Override
    public String summary() {
      return String.join("\n", last);
    }
  }

  /**
   * Claude Code's {@code --output-format stream-json --verbose}: one JSON object per line — {@code system} (init,
   * with the session id), {@code assistant} (text and tool_use blocks), {@code user} (tool_result blocks),
   * {@code result} (the final text, cost and duration). Lines that are not JSON (a warning on stderr) are errors.
   */
  static final class Claude implements AgentPreset.OutputReader {
    private String sessionId;
    private String lastAssistant;
    private String result;

    @Override
    public List<JsonObject> read(String line) {
      JsonObject event = parse(line);
      if (event == null) {
        return line.isBlank() ? List.of() : List.of(entry("error", line).put("isError", true));
      }
      if (event.getString("session_id") != null) {
        sessionId = event.getString("session_id");
      }
      return switch (event.getString("type", "")) {
        case "assistant" -> blocks(event, "assistant");
        case "user" -> blocks(event, "tool_result");
        case "result" -> List.of(finalResult(event));
        default -> List.of();
      };
    }

    private List<JsonObject> blocks(JsonObject event, String textType) {
      JsonObject message = event.getJsonObject("message", new JsonObject());
      Object content = message.getValue("content");
      if (content instanceof String text) {
        return List.of(entry(textType, text));
      }
      List<JsonObject> entries = new ArrayList<>();
      for (Object item : content instanceof JsonArray array ? array : new JsonArray()) {
        if (item instanceof JsonObject block) {
          JsonObject converted = block(block);
          if (converted != null) {
            entries.add(converted);
          }
        }
      }
      return entries;
    }

    private JsonObject block(JsonObject block) {
      return switch (block.getString("type", "")) {
        case "text" -> {
          lastAssistant = block.getString("text");
          yield entry("assistant", lastAssistant);
        }
        case "tool_use" -> entry("tool_use", block.getString("name")).put("toolName", block.getString("name"))
          .put("toolInput", block.getJsonObject("input", new JsonObject()));
        case "tool_result" -> entry("tool_result", text(block.getValue("content")))
          .put("isError", block.getBoolean("is_error", false));
        default -> null;
      };
    }

    private JsonObject finalResult(JsonObject event) {
      result = event.getString("result");
      boolean error = event.getBoolean("is_error", false);
      JsonObject entry = entry(error ? "error" : "result", result == null ? event.getString("subtype") : result)
        .put("isError", error);
      Number cost = event.getNumber("total_cost_usd", event.getNumber("cost_usd"));
      if (cost != null) {
        entry.put("costUsd", cost.doubleValue());
      }
      if (event.getNumber("duration_ms") != null) {
        entry.put("durationMs", event.getNumber("duration_ms").longValue());
      }
      return entry;
    }

    @Override
    public String sessionId() {
      return sessionId;
    }

    @Override
    public String summary() {
      return result != null ? result : lastAssistant;
    }
  }

  /**
   * Codex's {@code exec --json}: one event per line — {@code thread.started} (the thread id a retry resumes),
   * {@code item.completed} (agent messages, commands run, file changes), {@code turn.failed} and {@code error}.
   */
  static final class Codex implements AgentPreset.OutputReader {
    private String threadId;
    private String lastMessage;

    @Override
    public List<JsonObject> read(String line) {
      JsonObject event = parse(line);
      if (event == null) {
        return line.isBlank() ? List.of() : List.of(entry("assistant", line));
      }
      switch (event.getString("type", "")) {
        case "thread.started" -> threadId = event.getString("thread_id");
        case "item.completed" -> {
          return item(event.getJsonObject("item", new JsonObject()));
        }
        case "turn.failed" -> {
          return List.of(entry("error", event.getJsonObject("error", new JsonObject()).getString("message"))
            .put("isError", true));
        }
        case "error" -> {
          return List.of(entry("error", event.getString("message")).put("isError", true));
        }
        default -> {
          return List.of();
        }
      }
      return List.of();
    }

    private List<JsonObject> item(JsonObject item) {
      return switch (item.getString("type", "")) {
        case "agent_message" -> {
          lastMessage = item.getString("text");
          yield List.of(entry("assistant", lastMessage));
        }
        case "command_execution" -> List.of(
          entry("tool_use", item.getString("command")).put("toolName", "shell")
            .put("toolInput", new JsonObject().put("command", item.getString("command"))),
          entry("tool_result", item.getString("aggregated_output"))
            .put("isError", item.getInteger("exit_code", 0) != 0));
        case "file_change" -> List.of(entry("tool_use", "file change").put("toolName", "apply_patch")
          .put("toolInput", new JsonObject().put("changes", item.getValue("changes"))));
        default -> List.of();
      };
    }

    @Override
    public String sessionId() {
      return threadId;
    }

    @Override
    public String summary() {
      return lastMessage;
    }
  }

  private static JsonObject parse(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(trimmed);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String text(Object content) {
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      parts.forEach(part -> {
        if (part instanceof JsonObject object && object.getString("text") != null) {
          text.append(object.getString("text"));
        }
      });
      return text.toString();
    }
    return content == null ? "" : content.toString();
  }
}
