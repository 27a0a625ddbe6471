package io.meshhub.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The command line's HTTP client of a hub: one Vert.x web client, authenticated as an owner (API key as a bearer
 * token) or as a task (tool key). An answer of 400 or more fails with {@link HubError}; a hub that cannot be reached
 * fails with {@link Unreachable}. Requests never time out on the client side: the hub bounds its own long polls.
 */
public final class HubClient implements AutoCloseable {

  /** Who the requests are sent as. */
  public enum As { OWNER, TOOL }

  /** The hub answered an error; {@code code} and {@code message} are its {@code ApiError}. */
  public static final class HubError extends RuntimeException {
    private final int status;
    private final String code;
    private final JsonObject body;

    HubError(int status, JsonObject body, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = body.getString("code", "HTTP_" + status);
      this.body = body;
    }

    /** The whole answer: some errors carry more than the {@code ApiError} (a timed-out ask says so). */
    public JsonObject body() {
      return body;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /** The hub could not be reached at all. */
  public static final class Unreachable extends RuntimeException {
    Unreachable(String url, Throwable cause) {
      super("cannot reach the hub at " + url + ": " + cause.getMessage(), cause, false, false);
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final As as;
  private final String key;

  private HubClient(Vertx vertx, String baseUrl, As as, String key) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("meshhub-cli")
      .setConnectTimeout(10_000).setKeepAlive(true));
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.as = as;
    this.key = key;
  }

  /** A client on a Vert.x of its own, for one command line run; closed with it. */
  public static HubClient open(String baseUrl, As as, String key) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
      .setInternalBlockingPoolSize(1));
    return new HubClient(vertx, baseUrl, as, key);
  }

  public Vertx vertx() {
    return vertx;
  }

  public Future<Object> get(String path) {
    return send(HttpMethod.GET, path, Map.of(), null);
  }

  public Future<Object> get(String path, Map<String, String> query) {
    return send(HttpMethod.GET, path, query, null);
  }

  public Future<Object> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, Map.of(), body);
  }

  public Future<Object> delete(String path) {
    return send(HttpMethod.DELETE, path, Map.of(), null);
  }

  /** Sends one request; the answer is the decoded JSON body ({@code JsonObject}, {@code JsonArray} or null). */
  public Future<Object> send(HttpMethod method, String path, Map<String, String> query, JsonObject body) {
    String url = baseUrl + path + queryString(query);
    HttpRequest<Buffer> request = client.requestAbs(method, url);
    if (key != null) {
      if (as == As.OWNER) {
        request.bearerTokenAuthentication(key);
      } else {
        request.putHeader("X-Tool-Key", key);
      }
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.recover(failure -> Future.failedFuture(new Unreachable(baseUrl, failure)))
      .map(HubClient::decode);
  }

  private static Object decode(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    Object json = body == null || body.length() == 0 ? null : decodeOrText(body);
    if (response.statusCode() >= 400) {
      JsonObject error = json instanceof JsonObject object ? object : new JsonObject();
      throw new HubError(response.statusCode(), error, error.getString("message", response.statusMessage()));
    }
    return json;
  }

  /** One path segment from user input, encoded so that it can never reach another route. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** JSON as the hub answers; whatever else answered (a proxy's error page) is kept as text. */
  private static Object decodeOrText(Buffer body) {
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      return body.toString();
    }
  }

  private static String queryString(Map<String, String> query) {
    String joined = query.entrySet().stream().filter(entry -> entry.getValue() != null)
      .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
      .collect(Collectors.joining("&"));
    return joined.isEmpty() ? "" : "?" + joined;
  }

  /** Waits for a future from the command line's own thread (never an event loop). */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether a failure means the hub was not there (as opposed to an answer it gave). */
  public static boolean isUnreachable(Throwable failure) {
    return failure instanceof Unreachable || failure instanceof ConnectException;
  }

  @Override
  public void close() {
    client.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The process ends right after; a slow close changes nothing the user sees.
    }
  }
}
