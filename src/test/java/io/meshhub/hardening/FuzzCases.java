package io.meshhub.hardening;

import io.meshhub.hardening.OpenApiOperations.Operation;
import io.meshhub.hardening.OpenApiOperations.Parameter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile requests made from the document's own schemas: each case is a valid request for a random operation, as
 * one of the attacker's keys (or none, or a forged one), at ids of the victim, of the attacker or of no one, with one
 * mutation. The same seed gives the same cases, so that a failure can be replayed by its seed and number.
 */
final class FuzzCases {

  /** One request to send, and what was done to it. */
  record FuzzCase(long seed, int number, HttpMethod method, String uri, String header, String key, String contentType,
                  Buffer body, String mutation) {

    @Override
    public String toString() {
      return "case " + number + " of seed " + seed + ": " + method + " " + abbreviated(uri) + " (" + mutation + ")";
    }
  }

  /** Values that no schema of the document accepts where they land, or accepts only at its edges. */
  private static final List<Object> HOSTILE_VALUES = List.of(-1, 0, Integer.MAX_VALUE, Long.MIN_VALUE,
    9_007_199_254_740_993L, 1e308, -1e308, 0.5, "", " ", "null", "\u0000", "' or 1=1 --", "%00", "../../etc/passwd",
    "\uD83D\uDE80\u202E\u0301", "a".repeat(70_000), "\uD800", true, new JsonObject(), new JsonArray(),
    new JsonArray().add(new JsonObject().put("a", new JsonArray())));
  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data",
    "application/x-www-form-urlencoded", "application/json; charset=utf-16", "");

  private final long seed;
  private final Random random;
  private final List<Operation> operations;
  private final List<String> victimIds;
  private final List<String> callerIds;
  private final List<String> callerKeys;
  private final SchemaValues values;

  /**
   * Cases for {@code operations}, sent with one of {@code callerKeys} (an owner key first, then tool keys), naming
   * {@code victimIds} and {@code callerIds}.
   */
  FuzzCases(long seed, List<Operation> operations, List<String> victimIds, List<String> callerIds,
            List<String> callerKeys) {
    this.seed = seed;
    this.random = new Random(seed);
    this.operations = operations;
    this.victimIds = victimIds;
    this.callerIds = callerIds;
    this.callerKeys = callerKeys;
    this.values = new SchemaValues(random, this::anId);
  }

  List<FuzzCase> next(int count) {
    List<FuzzCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cases.add(make(i));
    }
    return cases;
  }

  private FuzzCase make(int number) {
    Operation operation = operations.get(random.nextInt(operations.size()));
    JsonObject body = operation.bodySchema() == null ? null : (JsonObject) values.valid("body",
      operation.bodySchema());
    List<String> query = new ArrayList<>();
    String path = operation.path();
    for (Parameter parameter : operation.parameters()) {
      if (parameter.inPath()) {
        path = path.replace("{" + parameter.name() + "}", anId());
      } else if (random.nextInt(3) == 0) {
        query.add(parameter.name() + "=" + values.valid(parameter.name(), parameter.schema()));
      }
    }
    String key = key(operation);
    String header = key.equals(callerKeys.get(0)) ? "Authorization" : "X-Tool-Key";
    String keyValue = header.equals("Authorization") ? "Bearer " + key : key;
    Mutated mutated = mutate(operation, path, query, body);
    String uri = mutated.path + (mutated.query.isEmpty() ? "" : "?" + String.join("&", mutated.query));
    String contentType = mutated.contentType != null ? mutated.contentType
      : mutated.body == null ? null : "application/json";
    String sentHeader = mutated.header != null ? mutated.header : header;
    String sentKey = mutated.key != null ? mutated.key : keyValue;
    return new FuzzCase(seed, number, operation.method(), uri, sentHeader, sentKey, contentType, mutated.body,
      operation.id() + ": " + mutated.what);
  }

  /**
   * Mostly a key of a kind the operation takes, so that most cases get past authentication to what they test;
   * sometimes any of the caller's keys.
   */
  private String key(Operation operation) {
    List<String> fitting = new ArrayList<>();
    if (operation.accepts().contains(OpenApiOperations.KeyKind.OWNER)) {
      fitting.add(callerKeys.get(0));
    }
    if (operation.accepts().contains(OpenApiOperations.KeyKind.TOOL)) {
      fitting.addAll(callerKeys.subList(1, callerKeys.size()));
    }
    List<String> keys = fitting.isEmpty() || random.nextInt(10) == 0 ? callerKeys : fitting;
    return keys.get(random.nextInt(keys.size()));
  }

  /** A request after its mutation. */
  private record Mutated(String path, List<String> query, Buffer body, String contentType, String header, String key,
                         String what) {
  }

  private Mutated mutate(Operation operation, String path, List<String> query, JsonObject body) {
    Buffer json = body == null ? null : body.toBuffer();
    int kind = random.nextInt(body == null ? 5 : 12);
    return switch (kind) {
      case 0 -> new Mutated(path, query, json, null, null, null, "none");
      case 1 -> new Mutated(path.replaceFirst("[0-9a-f]{8}-[0-9a-f-]{27}", malformedId()), query, json, null, null,
        null, "malformed id in the path");
      case 2 -> {
        List<String> hostile = new ArrayList<>(query);
        hostile.add((random.nextBoolean() ? "limit=" : "offset=") + encode(hostile()));
        yield new Mutated(path, hostile, json, null, null, null, "hostile paging");
      }
      case 3 -> new Mutated(path, query, json, null, "Authorization", forgedKey(), "forged or missing key");
      case 4 -> new Mutated(path, query, Buffer.buffer("{\"a\":" + "[".repeat(5_000)), "application/json", null,
        null, "deeply nested JSON");
      case 5 -> new Mutated(path, query, json, CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())), null, null,
        "wrong content type");
      case 6 -> new Mutated(path, query, withField(body, hostile()), null, null, null, "hostile value in a field");
      case 7 -> new Mutated(path, query, withoutField(body), null, null, null, "a field removed");
      case 8 -> new Mutated(path, query, body.copy().put("unexpected" + random.nextInt(100), hostile()).toBuffer(),
        null, null, null, "an unknown field");
      case 9 -> new Mutated(path, query, malformedJson(json), null, null, null, "malformed JSON");
      case 10 -> new Mutated(path, query, duplicateKey(body), null, null, null, "a duplicate key");
      default -> new Mutated(path, query, withField(body, anId()), null, null, null, "an id in a field");
    };
  }

  private Buffer withField(JsonObject body, Object value) {
    JsonObject mutated = body.copy();
    List<String> names = new ArrayList<>(mutated.fieldNames());
    String name = names.isEmpty() ? "field" : names.get(random.nextInt(names.size()));
    return mutated.put(name, value).toBuffer();
  }

  /** A field removed; never a wait's bound, without which a valid ask or wait rightly blocks for its default. */
  private Buffer withoutField(JsonObject body) {
    JsonObject mutated = body.copy();
    List<String> names = new ArrayList<>(mutated.fieldNames());
    names.remove("timeoutSeconds");
    if (!names.isEmpty()) {
      mutated.remove(names.get(random.nextInt(names.size())));
    }
    return mutated.toBuffer();
  }

  private Buffer malformedJson(Buffer json) {
    String text = json.toString();
    return Buffer.buffer(switch (random.nextInt(4)) {
      case 0 -> text.substring(0, Math.max(0, text.length() - 1 - random.nextInt(Math.max(1, text.length()))));
      case 1 -> text.replace("\"", "'");
      case 2 -> "[" + text;
      default -> "\u00ff\u00fe" + text;
    });
  }

  private Buffer duplicateKey(JsonObject body) {
    List<String> names = new ArrayList<>(body.fieldNames());
    String name = names.isEmpty() ? "name" : names.get(random.nextInt(names.size()));
    String text = body.encode();
    return Buffer.buffer("{\"" + name + "\":" + io.vertx.core.json.Json.encode(hostile())
      + (text.length() > 2 ? "," + text.substring(1) : "}"));
  }

  private Object hostile() {
    return HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
  }

  /** Mostly the victim's ids, then the caller's own, then no one's. */
  private String anId() {
    int draw = random.nextInt(20);
    if (draw < 10) {
      return victimIds.get(random.nextInt(victimIds.size()));
    }
    if (draw < 15) {
      return callerIds.get(random.nextInt(callerIds.size()));
    }
    return draw < 18 ? new UUID(random.nextLong(), random.nextLong()).toString() : malformedId();
  }

  private String malformedId() {
    return encode(List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000", "%2e%2e", "1 or 1=1",
      "ffffffff-ffff-ffff-ffff-ffffffffffffff", "\u00e9\u00e9").get(random.nextInt(6)));
  }

  private String forgedKey() {
    return List.of("", "Bearer ", "Bearer mh_" + "x".repeat(40), "Basic dXNlcjpwYXNz", "Bearer " + "a".repeat(9_000))
      .get(random.nextInt(5));
  }

  private static String encode(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
  }

  private static String abbreviated(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
