package io.meshhub.daemons;

import io.meshhub.core.UnstorableText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The frames of the daemon protocol: what a daemon may send (checked here, field by field, so that a bad frame is
 * answered {@code BAD_FRAME} naming what is wrong) and the frames the hub sends back.
 */
final class Frames {

  static final int MAX_FRAME_BYTES = 1024 * 1024;

  static final String REGISTER = "register";
  static final String HEARTBEAT = "heartbeat";
  static final String TASK_STATUS = "taskStatus";
  static final String TASK_OUTPUT = "taskOutput";
  static final String TASK_COMPLETE = "taskComplete";
  static final String CHECKPOINT_CREATED = "checkpointCreated";
  static final String CONVERSATION = "conversation";
  static final String COMMAND_RESULT = "commandResult";

  static final String BAD_FRAME = "BAD_FRAME";
  static final String UNAUTHORIZED = "UNAUTHORIZED";
  static final String NOT_ASSIGNED = "NOT_ASSIGNED";
  /** The hub failed to apply a frame or a registration: the daemon sends it again, or connects again. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private enum Kind { STRING, UUID, INT, BOOL, ARRAY, OBJECT, UUID_ARRAY, NUMBER }

  private record Field(String name, Kind kind, boolean required) {
  }

  private static Field required(String name, Kind kind) {
    return new Field(name, kind, true);
  }

  private static Field optional(String name, Kind kind) {
    return new Field(name, kind, false);
  }

  private static final Map<String, List<Field>> RULES = Map.of(
    REGISTER, List.of(required("apiKey", Kind.STRING), required("hostname", Kind.STRING),
      required("maxConcurrentTasks", Kind.INT), optional("version", Kind.STRING), optional("daemonId", Kind.UUID),
      optional("runningTaskIds", Kind.UUID_ARRAY)),
    HEARTBEAT, List.of(optional("runningTaskIds", Kind.UUID_ARRAY)),
    TASK_STATUS, List.of(required("taskId", Kind.UUID), required("status", Kind.STRING)),
    TASK_OUTPUT, List.of(required("taskId", Kind.UUID), required("messageType", Kind.STRING),
      required("content", Kind.STRING), optional("toolName", Kind.STRING), optional("isError", Kind.BOOL),
      optional("costUsd", Kind.NUMBER), optional("durationMs", Kind.NUMBER), optional("isPartial", Kind.BOOL)),
    TASK_COMPLETE, List.of(required("taskId", Kind.UUID), required("success", Kind.BOOL),
      optional("outputSummary", Kind.STRING), optional("errorMessage", Kind.STRING),
      optional("worktreePath", Kind.STRING)),
    CHECKPOINT_CREATED, List.of(required("taskId", Kind.UUID), required("commitSha", Kind.STRING),
      optional("branchName", Kind.STRING), optional("message", Kind.STRING), optional("filesChanged", Kind.INT),
      optional("linesAdded", Kind.INT), optional("linesRemoved", Kind.INT), optional("patchData", Kind.STRING),
      optional("patchBaseSha", Kind.STRING)),
    CONVERSATION, List.of(required("taskId", Kind.UUID), required("messages", Kind.ARRAY)),
    COMMAND_RESULT, List.of(required("commandId", Kind.STRING), required("success", Kind.BOOL),
      optional("message", Kind.STRING), optional("data", Kind.OBJECT)));

  /** A frame the protocol does not allow; its message says what is wrong. */
  static final class BadFrame extends Exception {
    BadFrame(String message) {
      super(message, null, false, false);
    }
  }

  private Frames() {
  }

  /** Parses and checks one frame from a daemon. */
  static JsonObject parse(Buffer data) throws BadFrame {
    if (data.length() > MAX_FRAME_BYTES) {
      throw new BadFrame("frame is larger than 1 MiB");
    }
    JsonObject frame;
    try {
      frame = data.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new BadFrame("frame is not a JSON object");
    }
    if (frame == null || !(frame.getValue("type") instanceof String type)) {
      throw new BadFrame("frame has no type");
    }
    List<Field> fields = RULES.get(type);
    if (fields == null) {
      throw new BadFrame("unknown frame type " + type);
    }
    for (Field field : fields) {
      check(frame, field);
    }
    if (UnstorableText.mayBeIn(data)) {
      Optional<String> field = UnstorableText.findIn(frame);
      if (field.isPresent()) {
        throw new BadFrame("field '" + field.get() + "' contains the character U+0000, which cannot be stored");
      }
    }
    return frame;
  }

  private static void check(JsonObject frame, Field field) throws BadFrame {
    Object value = frame.getValue(field.name());
    if (value == null) {
      if (field.required()) {
        throw new BadFrame(frame.getString("type") + " needs field " + field.name());
      }
      return;
    }
    if (!matches(value, field.kind())) {
      throw new BadFrame("field " + field.name() + " must be " + field.kind().name().toLowerCase().replace('_', ' '));
    }
  }

  private static boolean matches(Object value, Kind kind) {
    return switch (kind) {
      case STRING -> value instanceof String;
      case UUID -> value instanceof String text && isUuid(text);
      case INT -> value instanceof Integer || value instanceof Long;
      case NUMBER -> value instanceof Number;
      case BOOL -> value instanceof Boolean;
      case ARRAY -> value instanceof JsonArray;
      case OBJECT -> value instanceof JsonObject;
      case UUID_ARRAY -> value instanceof JsonArray array
        && array.stream().allMatch(item -> item instanceof String text && isUuid(text));
    };
  }

  private static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("type", "error").put("code", code).put("message", message);
  }

  static JsonObject notAssigned(String taskId) {
    return error(NOT_ASSIGNED, "task is not assigned to this daemon; stop it").put("taskId", taskId);
  }

  static JsonObject registered(UUID daemonId, long heartbeatMs) {
    return new JsonObject().put("type", "registered").put("daemonId", daemonId.toString())
      .put("heartbeatMs", heartbeatMs);
  }

  static JsonObject goingAway() {
    return new JsonObject().put("type", "goingAway");
  }
}
