package io.meshhub.hardening;

import io.vertx.core.http.HttpMethod;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The operations the hub's OpenAPI document declares, as the suites that walk every one of them need them. */
final class OpenApiOperations {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  /** How a caller authenticates: an owner's API key (bearer or header), or a task's tool key. */
  enum KeyKind { OWNER, TOOL }

  /** A parameter of an operation, in its path or its query, with its schema (references resolved). */
  record Parameter(String name, boolean inPath, Map<String, Object> schema) {
  }

  /**
   * One operation: its method and path template, the key kinds it accepts, the statuses it documents, its
   * parameters and its JSON body's schema (null when it takes none).
   */
  record Operation(String id, HttpMethod method, String path, Set<KeyKind> accepts, Set<Integer> statuses,
                   List<Parameter> parameters, Map<String, Object> bodySchema) {

    /** The path with its parameters filled in. */
    String path(Map<String, String> parameters) {
      String filled = path;
      for (Map.Entry<String, String> parameter : parameters.entrySet()) {
        filled = filled.replace("{" + parameter.getKey() + "}", parameter.getValue());
      }
      if (filled.contains("{")) {
        throw new AssertionError(id + ": a path parameter of " + path + " has no value in " + parameters);
      }
      return filled;
    }

    boolean documents(int status) {
      return statuses.contains(status);
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + id + ")";
    }
  }

  private OpenApiOperations() {
  }

  private static final Map<String, Object> DOCUMENT = document();

  /** Every operation of the document the hub serves, in document order. */
  @SuppressWarnings("unchecked")
  static List<Operation> all() {
    Map<String, Object> document = DOCUMENT;
    List<Map<String, Object>> defaultSecurity = (List<Map<String, Object>>) document.get("security");
    // A path item holds its operations by method, and may declare parameters they all share.
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
    List<Operation> operations = new ArrayList<>();
    paths.forEach((path, item) -> item.forEach((method, value) -> {
      if (!METHODS.contains(method)) {
        return;
      }
      Map<String, Object> operation = (Map<String, Object>) value;
      List<Map<String, Object>> security = (List<Map<String, Object>>) operation.getOrDefault("security",
        defaultSecurity);
      Set<Integer> statuses = ((Map<Object, Object>) operation.get("responses")).keySet().stream()
        .map(status -> Integer.parseInt(status.toString())).collect(Collectors.toSet());
      List<Map<String, Object>> declared = new ArrayList<>((List<Map<String, Object>>) item.getOrDefault(
        "parameters", List.of()));
      declared.addAll((List<Map<String, Object>>) operation.getOrDefault("parameters", List.of()));
      List<Parameter> parameters = declared.stream().map(OpenApiOperations::resolve)
        .map(parameter -> new Parameter((String) parameter.get("name"), "path".equals(parameter.get("in")),
          resolve((Map<String, Object>) parameter.get("schema"))))
        .toList();
      Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
      Map<String, Object> bodySchema = body == null ? null : resolve((Map<String, Object>)
        ((Map<String, Map<String, Object>>) body.get("content")).get("application/json").get("schema"));
      operations.add(new Operation((String) operation.get("operationId"), HttpMethod.valueOf(method.toUpperCase()),
        path, kinds(security), statuses, parameters, bodySchema));
    }));
    return operations;
  }

  /** The schema or parameter a {@code $ref} points to (itself when it is none). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    Object target = DOCUMENT;
    for (String step : ((String) ref).substring(2).split("/")) {
      target = ((Map<String, Object>) target).get(step);
    }
    return resolve((Map<String, Object>) target);
  }

  private static Set<KeyKind> kinds(List<Map<String, Object>> security) {
    return security.stream().flatMap(requirement -> requirement.keySet().stream())
      .map(scheme -> "toolKey".equals(scheme) ? KeyKind.TOOL : KeyKind.OWNER)
      .collect(Collectors.toSet());
  }

  private static Map<String, Object> document() {
    try (InputStream in = OpenApiOperations.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the class path");
      }
      return new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
