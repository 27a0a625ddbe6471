package io.meshhub.cli.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The daemon's session with the hub over the raw SockJS WebSocket: register (with the daemon id it keeps and the
 * tasks it still runs), heartbeat, and reconnect with jittered exponential backoff whenever the socket closes or
 * the hub says {@code goingAway}. Reports are queued while the daemon is not registered and sent, in order, once it
 * is; the tasks they are about count as running until then, so the hub never retries work whose end is only late.
 * Runs on one event loop: every method is called on the daemon's context.
 */
final class HubLink {

  private static final Logger log = LoggerFactory.getLogger(HubLink.class);
  private static final String PATH = "/api/v1/mesh/daemons/connect/websocket";
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long LONGEST_BACKOFF_MS = 30_000;
  private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** What the link needs from the rest of the daemon. */
  record Settings(String hubUrl, String apiKey, String hostname, int maxConcurrentTasks, String version) {
  }

  private final Vertx vertx;
  private final Settings settings;
  private final DaemonIdentity identity;
  private final Supplier<Collection<String>> runningTaskIds;
  private final Consumer<JsonObject> onHubFrame;
  private final WebSocketClient client;
  private final Deque<JsonObject> outbox = new ArrayDeque<>();

  private WebSocket socket;
  private boolean registered;
  private boolean stopped;
  private long heartbeatTimer = -1;
  private long backoffMs = FIRST_BACKOFF_MS;

  HubLink(Vertx vertx, Settings settings, DaemonIdentity identity, Supplier<Collection<String>> runningTaskIds,
          Consumer<JsonObject> onHubFrame) {
    this.vertx = vertx;
    this.settings = settings;
    this.identity = identity;
    this.runningTaskIds = runningTaskIds;
    this.onHubFrame = onHubFrame;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(MAX_FRAME_BYTES)
      .setMaxMessageSize(MAX_FRAME_BYTES).setConnectTimeout(10_000));
  }

  void start() {
    connect();
  }

  /** Whether the hub knows this daemon right now. */
  boolean isRegistered() {
    return registered;
  }

  /** Sends a report now if registered, else as soon as the daemon is registered again. */
  void send(JsonObject report) {
    outbox.addLast(report);
    flush();
  }

  /** A command's answer: only useful on the session that asked, so it is never queued for a later one. */
  void answer(JsonObject result) {
    if (registered) {
      socket.writeTextMessage(result.encode());
    }
  }

  /** The tasks that reports still waiting to be sent are about. */
  Set<String> tasksWithUnsentReports() {
    Set<String> ids = new LinkedHashSet<>();
    outbox.forEach(report -> {
      if (report.getString("taskId") != null) {
        ids.add(report.getString("taskId"));
      }
    });
    return ids;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    URI hub = URI.create(settings.hubUrl());
    boolean secure = "https".equals(hub.getScheme());
    String base = hub.getPath() == null ? "" : hub.getPath().replaceAll("/+$", "");
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(hub.getHost())
      .setPort(hub.getPort() > 0 ? hub.getPort() : secure ? 443 : 80).setSsl(secure).setURI(base + PATH);
    client.connect(options).onSuccess(this::opened).onFailure(failure -> {
      log.info("Cannot reach the hub at {}: {}", settings.hubUrl(), failure.getMessage());
      reconnectLater();
    });
  }

  private void opened(WebSocket opened) {
    socket = opened;
    // The hub writes its frames as binary WebSocket messages (SockJS raw transport); each is one JSON text.
    opened.handler(buffer -> onText(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
    opened.closeHandler(closed -> onClosed(opened));
    opened.exceptionHandler(failure -> log.debug("Hub socket failed: {}", failure.getMessage()));
    Set<String> running = new LinkedHashSet<>(runningTaskIds.get());
    running.addAll(tasksWithUnsentReports());
    JsonObject register = new JsonObject().put("type", "register").put("apiKey", settings.apiKey())
      .put("hostname", settings.hostname()).put("maxConcurrentTasks", settings.maxConcurrentTasks())
      .put("version", settings.version()).put("runningTaskIds", new JsonArray(running.stream().toList()));
    identity.daemonId().ifPresent(id -> register.put("daemonId", id));
    opened.writeTextMessage(register.encode());
  }

  private void onText(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException e) {
      log.warn("The hub sent a frame that is not JSON");
      return;
    }
    switch (frame.getString("type", "")) {
      case "registered" -> onRegistered(frame);
      case "goingAway" -> {
        log.info("The hub is going away; reconnecting");
        socket.close();
      }
      case "error" -> onError(frame);
      default -> onHubFrame.accept(frame);
    }
  }

  private void onRegistered(JsonObject frame) {
    String daemonId = frame.getString("daemonId");
    vertx.executeBlocking(() -> {
      identity.remember(daemonId);
      return null;
    }, false).onFailure(failure -> log.error("Cannot keep the daemon id {}: {}", daemonId, failure.getMessage()));
    registered = true;
    backoffMs = FIRST_BACKOFF_MS;
    log.info("Registered with the hub at {} as daemon {}", settings.hubUrl(), frame.getString("daemonId"));
    long heartbeatMs = frame.getLong("heartbeatMs", 5000L);
    heartbeatTimer = vertx.setPeriodic(heartbeatMs, timer -> heartbeat());
    flush();
  }

  private void onError(JsonObject frame) {
    String code = frame.getString("code", "");
    if ("NOT_ASSIGNED".equals(code) || "UNAUTHORIZED".equals(code)) {
      if ("UNAUTHORIZED".equals(code)) {
        log.error("The hub refused this daemon: {}", frame.getString("message"));
      }
      onHubFrame.accept(frame);
    } else {
      log.warn("The hub said {}: {}", code, frame.getString("message"));
    }
  }

  private void heartbeat() {
    if (registered) {
      socket.writeTextMessage(new JsonObject().put("type", "heartbeat")
        .put("runningTaskIds", new JsonArray(runningTaskIds.get().stream().toList())).encode());
    }
  }

  private void flush() {
    while (registered && !outbox.isEmpty()) {
      JsonObject report = outbox.removeFirst();
      // A socket that died before its close was noticed refuses the write: the report waits for the next session.
      socket.writeTextMessage(report.encode()).onFailure(failure -> outbox.addFirst(report));
    }
  }

  private void onClosed(WebSocket closed) {
    if (closed != socket) {
      return;
    }
    registered = false;
    socket = null;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    if (!stopped) {
      log.info("Lost the hub connection; reconnecting");
      reconnectLater();
    }
  }

  /** Jittered exponential backoff: half to all of the current step, the step doubling up to 30 s. */
  private void reconnectLater() {
    long delay = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
    backoffMs = Math.min(backoffMs * 2, LONGEST_BACKOFF_MS);
    vertx.setTimer(Math.max(1, delay), timer -> connect());
  }

  Future<Void> stop() {
    stopped = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close();
    return closed.eventually(() -> client.close());
  }
}
