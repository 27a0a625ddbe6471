package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A daemon for tests: a real WebSocket to the hub's daemon endpoint, speaking the protocol frame by frame.
 * Heartbeats go out on their own, at the interval the hub asks for, until {@link #stopHeartbeats()}.
 */
public final class TestDaemon {

  public static final String ENDPOINT = "/api/v1/mesh/daemons/connect";

  private final Vertx vertx;
  private final FrameSocket socket;
  private UUID daemonId;
  private long heartbeatTimer = -1;
  private volatile Supplier<JsonArray> running;

  private TestDaemon(Vertx vertx, FrameSocket socket) {
    this.vertx = vertx;
    this.socket = socket;
    socket.closed().onComplete(done -> stopHeartbeats());
  }

  /** Opens a socket without registering. */
  public static Future<TestDaemon> open(Vertx vertx, int port) {
    return FrameSocket.open(vertx, port, ENDPOINT).map(socket -> new TestDaemon(vertx, socket));
  }

  /** Connects and registers with the owner's key. */
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
    socket.send(frame);
  }

  public void sendText(String text) {
    socket.sendText(text);
  }

  public Future<JsonObject> await(Predicate<JsonObject> matches) {
    return socket.await(matches);
  }

  /** The next frame of this type. */
  public Future<JsonObject> await(String type) {
    return socket.await(type);
  }

  /** The next frame of this type about this task. */
  public Future<JsonObject> await(String type, UUID taskId) {
    return socket.await(frame -> type.equals(frame.getString("type"))
      && taskId.toString().equals(frame.getString("taskId")));
  }

  /** Frames received and not claimed. */
  public List<JsonObject> unclaimed() {
    return socket.unclaimed();
  }

  /** Frames received and not claimed, of this type. */
  public List<JsonObject> unclaimed(String type) {
    return socket.unclaimed().stream().filter(frame -> type.equals(frame.getString("type"))).toList();
  }

  public void reportRunning(UUID taskId) {
    send(new JsonObject().put("type", "taskStatus").put("taskId", taskId.toString()).put("status", "running"));
  }

  public void complete(UUID taskId, boolean success, String summary) {
    send(new JsonObject().put("type", "taskComplete").put("taskId", taskId.toString()).put("success", success)
      .put("outputSummary", summary).put("errorMessage", success ? null : summary));
  }

  /** Answers a command that expects a {@code commandResult}. */
  public void answer(JsonObject command, boolean success, JsonObject data) {
    send(new JsonObject().put("type", "commandResult").put("commandId", command.getString("commandId"))
      .put("success", success).put("data", data));
  }

  public void startHeartbeats(long intervalMs) {
    stopHeartbeats();
    heartbeatTimer = vertx.setPeriodic(intervalMs, timer -> {
      JsonObject heartbeat = new JsonObject().put("type", "heartbeat");
      if (running != null) {
        heartbeat.put("runningTaskIds", running.get());
      }
      send(heartbeat);
    });
  }

  /**
   * From now on the heartbeats list the tasks this daemon runs, as a real daemon's do, so that the hub can
   * reconcile them (a task it believes here and the daemon never got is retried).
   */
  public void listRunning(Supplier<JsonArray> tasks) {
    running = tasks;
  }

  public void stopHeartbeats() {
    vertx.cancelTimer(heartbeatTimer);
  }

  /** Drops the connection, as a crashed daemon or a broken network would. */
  public Future<Void> kill() {
    stopHeartbeats();
    return socket.close();
  }

  /** Completes when the hub (or the test) closed the socket. */
  public Future<Void> closed() {
    return socket.closed();
  }
}
