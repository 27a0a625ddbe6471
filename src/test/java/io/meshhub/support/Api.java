package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** A real HTTP client of a hub under test, with shortcuts for the calls most tests make. */
public final class Api {

  private final WebClient client;
  private final String adminKey;

  public Api(Vertx vertx, RunningHub hub) {
    this(vertx, hub.port(), hub.adminKey());
  }

  /** A client of a hub on this port (one running in a process of its own, say). */
  public Api(Vertx vertx, int port, String adminKey) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setMaxPoolSize(64));
    this.adminKey = adminKey;
  }

  /** A request with no credentials. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  /** A request authenticated by an owner's API key as a bearer token. */
  public HttpRequest<Buffer> as(String apiKey, HttpMethod method, String path) {
    return client.request(method, path).bearerTokenAuthentication(apiKey);
  }

  public Future<HttpResponse<Buffer>> get(String apiKey, String path) {
    return as(apiKey, HttpMethod.GET, path).send();
  }

  public Future<HttpResponse<Buffer>> post(String apiKey, String path, JsonObject body) {
    return as(apiKey, HttpMethod.POST, path).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> patch(String apiKey, String path, JsonObject body) {
    return as(apiKey, HttpMethod.PATCH, path).sendJsonObject(body);
  }

  /** Creates a fresh owner through the admin API. */
  public Future<TestOwner> newOwner() {
    String name = "owner-" + UUID.randomUUID();
    return post(adminKey, "/api/v1/owners", new JsonObject().put("name", name))
      .map(response -> {
        JsonObject body = expect(response, 201);
        return new TestOwner(UUID.fromString(body.getString("id")), name, body.getString("apiKey"));
      });
  }

  /** Creates a task for the owner and returns its JSON. */
  public Future<JsonObject> createTask(TestOwner owner, JsonObject task) {
    return post(owner.apiKey(), "/api/v1/mesh/tasks", task).map(response -> expect(response, 201));
  }

  /** Creates a contract for the owner and returns its id. */
  public Future<String> createContract(TestOwner owner, String name) {
    return post(owner.apiKey(), "/api/v1/contracts", new JsonObject().put("name", name))
      .map(response -> expect(response, 201).getString("id"));
  }

  /** A minimal valid task body. */
  public static JsonObject task(String name) {
    return new JsonObject().put("name", name).put("plan", "Plan for " + name);
  }

  /** Asserts on a value in the middle of a future chain and passes it on: {@code .map(check(r -> assertThat…))}. */
  public static <T> Function<T, T> check(Consumer<T> assertion) {
    return value -> {
      assertion.accept(value);
      return value;
    };
  }

  /** The JSON array body of a 200 response. */
  public static JsonArray expectArray(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("expected HTTP 200 but got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonArray();
  }

  /** The JSON body of a response that must have this status; anything else fails with the body for the log. */
  public static JsonObject expect(HttpResponse<Buffer> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected HTTP " + status + " but got " + response.statusCode() + ": "
        + response.bodyAsString());
    }
    return response.body() == null || response.body().length() == 0 ? new JsonObject() : response.bodyAsJsonObject();
  }
}
