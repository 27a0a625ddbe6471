package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A daemon for tests: a real WebSocket to the hub's daemon endpoint, speaking the protocol frame by frame. Frames
 * the hub sends are kept until a test claims them with {@link #await}; heartbeats go out on their own until
 * {@link #stopHeartbeats()}.
 */
public final class TestDaemon {

  public static final String ENDPOINT = "/api/v1/mesh/daemons/connect/websocket";

  private final Vertx vertx;
  private final HttpClient client;
  private final WebSocket socket;
  private final List<JsonObject> unclaimed = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private UUID daemonId;
  private long heartbeatTimer = -1;

  private record Waiter(Predicate<JsonObject> matches, Promise<JsonObject> promise) {
  }

  private TestDaemon(Vertx vertx, HttpClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    socket.handler(data -> received(data.toJsonObject()));
    socket.closeHandler(done -> {
      stopHeartbeats();
      closed.tryComplete();
    });
  }

  /** Opens a socket without registering. */
  public static Future<TestDaemon> open(Vertx vertx, int port) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
      .setMaxWebSocketFrameSize(4 * 1024 * 1024).setMaxWebSocketMessageSize(4 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI(ENDPOINT);
    return client.webSocket(options).map(socket -> new TestDaemon(vertx, client, socket));
  }

  /** Connects and registers with the owner's key; heartbeats start at the interval the hub asks for. */
  public static Future<TestDaemon> connect(Vertx vertx, int port, String apiKey, int maxConcurrentTasks) {
    return connect(vertx, port, register(apiKey, maxConcurrentTasks));
  }

  /** Connects and registers with this {@code register} frame. */
  public static Future<TestDaemon> connect(Vertx vertx, int port, JsonObject register) {
    return open(vertx, port).compose(daemon -> daemon.registerWith(register));
  }

  /** A {@code register} frame. */
  public static JsonObject register(String apiKey, int maxConcurrentTasks) {
    return new JsonObject().put("type", "register").put("apiKey", apiKey).put("hostname", "test-host")
      .put("maxConcurrentTasks", maxConcurrentTasks).put("version", "test").put("runningTaskIds", new JsonArray());
  }

  private Future<TestDaemon> registerWith(JsonObject register) {
    send(register);
    return await(frame -> "registered".equals(frame.getString("type")) || "error".equals(frame.getString("type")))
      .compose(reply -> {
        if (!"registered".equals(reply.getString("type"))) {
          return Future.failedFuture(new AssertionError("registration refused: " + reply.encode()));
        }
        daemonId = UUID.fromString(reply.getString("daemonId"));
        startHeartbeats(reply.getLong("heartbeatMs"));
        return Future.succeededFuture(this);
      });
  }

  public UUID daemonId() {
    return daemonId;
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    socket.writeTextMessage(text);
  }

  /** The next frame (received before or after this call, and not claimed yet) that matches. */
  public synchronized Future<JsonObject> await(Predicate<JsonObject> matches) {
    for (Iterator<JsonObject> frames = unclaimed.iterator(); frames.hasNext(); ) {
      JsonObject frame = frames.next();
      if (matches.test(frame)) {
        frames.remove();
        return Future.succeededFuture(frame);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(matches, promise));
    return promise.future();
  }

  /** The next frame of this type. */
  public Future<JsonObject> await(String type) {
    return await(frame -> type.equals(frame.getString("type")));
  }

  /** The next frame of this type about this task. */
  public Future<JsonObject> await(String type, UUID taskId) {
    return await(frame -> type.equals(frame.getString("type")) && taskId.toString().equals(frame.getString("taskId")));
  }

  /** Frames received and not claimed, of this type. */
  public synchronized List<JsonObject> unclaimed(String type) {
    return unclaimed.stream().filter(frame -> type.equals(frame.getString("type"))).toList();
  }

  private synchronized void received(JsonObject frame) {
    for (Iterator<Waiter> pending = waiters.iterator(); pending.hasNext(); ) {
      Waiter waiter = pending.next();
      if (waiter.matches().test(frame)) {
        pending.remove();
        waiter.promise().complete(frame);
        return;
      }
    }
    unclaimed.add(frame);
  }

  public void reportRunning(UUID taskId) {
    send(new JsonObject().put("type", "taskStatus").put("taskId", taskId.toString()).put("status", "running"));
  }

  public void complete(UUID taskId, boolean success, String summary) {
    send(new JsonObject().put("type", "taskComplete").put("taskId", taskId.toString()).put("success", success)
      .put("outputSummary", summary).put("errorMessage", success ? null : summary));
  }

  public void startHeartbeats(long intervalMs) {
    stopHeartbeats();
    heartbeatTimer = vertx.setPeriodic(intervalMs, timer -> send(new JsonObject().put("type", "heartbeat")));
  }

  public void stopHeartbeats() {
    vertx.cancelTimer(heartbeatTimer);
  }

  /** Drops the connection, as a crashed daemon or a broken network would. */
  public Future<Void> kill() {
    stopHeartbeats();
    return socket.close().compose(done -> closed.future()).eventually(() -> client.close());
  }

  /** Completes when the hub (or the test) closed the socket. */
  public Future<Void> closed() {
    return closed.future();
  }
}
