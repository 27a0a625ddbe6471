package io.meshhub.hardening;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Values that satisfy a schema of the OpenAPI document (the subset it uses: objects, arrays, strings with lengths,
 * enums and uuids, bounded numbers, booleans, {@code allOf} and {@code oneOf}), drawn from a seeded random source,
 * so that a fuzz case starts from a request the hub accepts and a mutation makes it wrong in one known way.
 */
final class SchemaValues {

  private final Random random;
  private final Supplier<String> ids;

  /** {@code ids} gives the uuids: a mix of the victim's, the caller's own and unknown ones. */
  SchemaValues(Random random, Supplier<String> ids) {
    this.random = random;
    this.ids = ids;
  }

  @SuppressWarnings("unchecked")
  Object valid(String name, Map<String, Object> schema) {
    Map<String, Object> resolved = OpenApiOperations.resolve(schema);
    if (resolved.containsKey("allOf")) {
      JsonObject merged = new JsonObject();
      for (Map<String, Object> part : (List<Map<String, Object>>) resolved.get("allOf")) {
        merged.mergeIn((JsonObject) valid(name, part));
      }
      return merged;
    }
    if (resolved.containsKey("oneOf")) {
      List<Map<String, Object>> choices = (List<Map<String, Object>>) resolved.get("oneOf");
      return valid(name, choices.get(random.nextInt(choices.size())));
    }
    if (resolved.containsKey("enum")) {
      List<Object> values = (List<Object>) resolved.get("enum");
      return values.get(random.nextInt(values.size()));
    }
    String type = (String) resolved.getOrDefault("type", "object");
    return switch (type) {
      case "object" -> object(resolved);
      case "array" -> array(name, resolved);
      case "integer" -> integer(name, resolved);
      case "number" -> number(resolved).doubleValue();
      case "boolean" -> random.nextBoolean();
      default -> string(resolved);
    };
  }

  @SuppressWarnings("unchecked")
  private JsonObject object(Map<String, Object> schema) {
    JsonObject object = new JsonObject();
    List<String> required = (List<String>) schema.getOrDefault("required", List.of());
    Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.getOrDefault(
      "properties", Map.of());
    properties.forEach((name, property) -> {
      // A wait is always bounded to a second: a fuzz case that is valid must not hold the run for a day.
      if (required.contains(name) || "timeoutSeconds".equals(name) || random.nextInt(3) == 0) {
        object.put(name, valid(name, property));
      }
    });
    return object;
  }

  @SuppressWarnings("unchecked")
  private JsonArray array(String name, Map<String, Object> schema) {
    int min = ((Number) schema.getOrDefault("minItems", 0)).intValue();
    int max = Math.min(((Number) schema.getOrDefault("maxItems", 3)).intValue(), min + 3);
    JsonArray array = new JsonArray();
    int size = min + random.nextInt(max - min + 1);
    for (int i = 0; i < size; i++) {
      array.add(valid(name, (Map<String, Object>) schema.getOrDefault("items", Map.of("type", "string"))));
    }
    return array;
  }

  private long integer(String name, Map<String, Object> schema) {
    if ("timeoutSeconds".equals(name)) {
      return 1;
    }
    return number(schema).longValue();
  }

  private Number number(Map<String, Object> schema) {
    long min = ((Number) schema.getOrDefault("minimum", 0)).longValue();
    long max = ((Number) schema.getOrDefault("maximum", min + 10)).longValue();
    return min + (long) (random.nextDouble() * Math.min(max - min, 10));
  }

  private String string(Map<String, Object> schema) {
    if ("uuid".equals(schema.get("format"))) {
      return ids.get();
    }
    int min = ((Number) schema.getOrDefault("minLength", 1)).intValue();
    int max = ((Number) schema.getOrDefault("maxLength", 40)).intValue();
    int length = Math.max(min, Math.min(max, 1 + random.nextInt(12)));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
