package io.meshhub.hardening;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Hostile daemon frames: each case is a frame of one of the types a daemon sends, about the victim's tasks, the
 * caller's or no one's, with one mutation; and whether the protocol says it must be answered {@code BAD_FRAME}
 * (malformed JSON, an unknown type, a missing field, over 1 MiB, a second {@code register}). The same seed gives
 * the same cases.
 */
final class FrameCases {

  /** One frame to send: text or binary, what was done to it, and whether it must be answered BAD_FRAME. */
  record FrameCase(long seed, int number, Buffer frame, boolean binary, String mutation, boolean mustBeBad) {

    @Override
    public String toString() {
      return "frame case " + number + " of seed " + seed + " (" + mutation + ")";
    }
  }

  private static final List<String> TYPES = List.of("heartbeat", "taskStatus", "taskOutput", "taskComplete",
    "checkpointCreated", "conversation", "commandResult", "register");
  private static final List<Object> HOSTILE_VALUES = List.of(-1, Long.MAX_VALUE, 1e308, "", "\u0000", "\uD800",
    "\uD83D\uDE80\u202E", "a".repeat(100_000), true, new JsonObject(), new JsonArray().add(new JsonArray()),
    "not-a-uuid", "' or 1=1 --");

  private final long seed;
  private final Random random;
  private final List<String> taskIds;

  /** Cases about {@code taskIds} (the victim's and the caller's) and unknown tasks. */
  FrameCases(long seed, List<String> taskIds) {
    this.seed = seed;
    this.random = new Random(seed);
    this.taskIds = taskIds;
  }

  /** The first {@code count} cases, made one at a time as they are taken: a tenth carry over a MiB each. */
  Stream<FrameCase> first(int count) {
    return IntStream.range(0, count).mapToObj(this::next);
  }

  /** Only these cases (the seed's sequence is made up to the last of them, and the others dropped). */
  Stream<FrameCase> only(List<Integer> numbers) {
    return first(numbers.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1)
      .filter(made -> numbers.contains(made.number()));
  }

  private FrameCase next(int number) {
    String type = TYPES.get(random.nextInt(TYPES.size()));
    JsonObject frame = valid(type);
    boolean again = "register".equals(type);
    return switch (random.nextInt(9)) {
      case 0 -> new FrameCase(seed, number, frame.toBuffer(), false, type + " as is", again);
      case 1 -> new FrameCase(seed, number, Buffer.buffer(frame.encode().substring(0, frame.encode().length() / 2)),
        false, type + " cut in half", true);
      case 2 -> new FrameCase(seed, number, frame.put("type", "x" + random.nextInt(1000)).toBuffer(), false,
        "an unknown type", true);
      case 3 -> {
        boolean hadTaskId = frame.remove("taskId") != null;
        yield new FrameCase(seed, number, frame.toBuffer(), false, type + " without taskId", hadTaskId || again);
      }
      case 4 -> new FrameCase(seed, number, frame.put("content", "x".repeat(1024 * 1024 + 10)).toBuffer(), false,
        type + " over 1 MiB", true);
      case 5 -> new FrameCase(seed, number, nested(frame, 1 + random.nextInt(5_000)), false,
        type + " with a deeply nested value", false);
      case 6 -> {
        // Binary frames carry any bytes; a text frame must be UTF-8 (else the WebSocket itself is broken).
        byte[] bytes = new byte[1 + random.nextInt(512)];
        random.nextBytes(bytes);
        boolean binary = random.nextBoolean();
        yield new FrameCase(seed, number, binary ? Buffer.buffer(bytes) : Buffer.buffer(printable(bytes)), binary,
          binary ? "random bytes" : "random text", !binary);
      }
      case 7 -> new FrameCase(seed, number, Buffer.buffer("[" + frame.encode() + "]"), false,
        type + " inside an array", true);
      default -> {
        List<String> fields = new ArrayList<>(frame.fieldNames());
        fields.remove("type");
        String field = fields.isEmpty() ? "extra" : fields.get(random.nextInt(fields.size()));
        Object value = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
        yield new FrameCase(seed, number, frame.put(field, value).toBuffer(), false,
          type + " with a hostile " + field, again);
      }
    };
  }

  private JsonObject valid(String type) {
    String taskId = random.nextInt(4) == 0 ? UUID.randomUUID().toString()
      : taskIds.get(random.nextInt(taskIds.size()));
    JsonObject frame = new JsonObject().put("type", type);
    return switch (type) {
      case "heartbeat" -> random.nextBoolean() ? frame : frame.put("runningTaskIds", new JsonArray().add(taskId));
      case "taskStatus" -> frame.put("taskId", taskId).put("status", random.nextBoolean() ? "running" : "paused");
      case "taskOutput" -> frame.put("taskId", taskId).put("messageType", "assistant").put("content", "fuzz");
      case "taskComplete" -> frame.put("taskId", taskId).put("success", random.nextBoolean())
        .put("outputSummary", "fuzz");
      case "checkpointCreated" -> frame.put("taskId", taskId).put("commitSha", "abc123").put("branchName", "b")
        .put("message", "fuzz").put("filesChanged", 1).put("linesAdded", 1).put("linesRemoved", 0);
      case "conversation" -> frame.put("taskId", taskId).put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "fuzz")));
      case "commandResult" -> frame.put("commandId", UUID.randomUUID().toString()).put("success", true);
      default -> frame.put("apiKey", "mh_" + UUID.randomUUID()).put("hostname", "h").put("maxConcurrentTasks", 1)
        .put("version", "1");
    };
  }

  /** The frame with a field nested {@code depth} arrays deep, written as text (no JSON library writes that deep). */
  private static Buffer nested(JsonObject frame, int depth) {
    String text = frame.encode();
    return Buffer.buffer(text.substring(0, text.length() - 1) + ",\"data\":" + "[".repeat(depth) + "]".repeat(depth)
      + "}");
  }

  private static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append((char) (' ' + Math.floorMod(b, 95)));
    }
    return text.toString();
  }
}
