package io.meshhub.daemons;

import io.meshhub.auth.KeyAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One daemon's connection, living on the node that holds its socket. It authenticates the {@code register} frame,
 * routes every later frame to the verticle that owns what the frame is about, one frame after the other so that a
 * task's reports are applied in the order the daemon sent them, and delivers the commands sent to
 * {@code daemons.session.<daemonId>}. Silence longer than the timeout closes it, which makes the daemon lost.
 */
final class DaemonSession {

  private static final Logger log = LoggerFactory.getLogger(DaemonSession.class);
  /** A session that sends this many bad frames in a row is closed. */
  static final int BAD_FRAME_LIMIT = 100;
  private static final int MAX_SLOTS = 10_000;

  private final Vertx vertx;
  private final EventBus bus;
  private final SockJSSocket socket;
  private final SessionSettings settings;
  private final UUID sessionId = UUID.randomUUID();
  private final Handshake handshake;
  private final SessionCommands pending;
  private final HeartbeatReconciliation heartbeats;
  private final InboundFrames frames;
  private final SilenceWatch silence;

  private UUID daemonId;
  private UUID ownerId;
  private UUID keyId;
  private MessageConsumer<JsonObject> commands;
  private int badFramesInARow;
  private boolean closed;
  private boolean leaving;
  private boolean registering;

  DaemonSession(Vertx vertx, SockJSSocket socket, KeyAuthenticator authenticator, SessionSettings settings) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.socket = socket;
    this.handshake = new Handshake(bus, authenticator, settings, sessionId);
    this.settings = settings;
    this.heartbeats = new HeartbeatReconciliation(bus);
    this.frames = new InboundFrames(socket, this::onFrame);
    this.pending = new SessionCommands(vertx, socket, settings.commandTimeoutMs());
    this.silence = new SilenceWatch(vertx, settings.timeoutMs(), () -> registering, () -> closed, this::close);
  }

  void start() {
    socket.handler(data -> {
      silence.heard();
      frames.accept(data);
    });
    socket.closeHandler(closed -> onClosed("socket closed"));
    silence.start();
  }

  /**
   * Handles one frame. After the socket closed, the frames a registered daemon sent before it left are still
   * applied (its reports stand; only answers to it are lost); a session that was never registered, or that another
   * session of the daemon replaced, ignores what remains.
   */
  private Future<Void> onFrame(Buffer data) {
    if (closed && (daemonId == null || leaving)) {
      return Future.succeededFuture();
    }
    JsonObject frame;
    try {
      frame = Frames.parse(data);
    } catch (Frames.BadFrame bad) {
      return daemonId == null ? refuse("the first frame must be a valid register frame: " + bad.getMessage())
        : badFrame(bad.getMessage());
    }
    String type = frame.getString("type");
    if (daemonId == null) {
      return Frames.REGISTER.equals(type) ? register(frame) : refuse("the first frame must be register");
    }
    badFramesInARow = 0;
    settings.frames().received(type);
    return switch (type) {
      case Frames.REGISTER -> badFrame("already registered");
      case Frames.HEARTBEAT -> heartbeat(frame);
      case Frames.COMMAND_RESULT -> commandResult(frame);
      case Frames.TASK_STATUS, Frames.TASK_COMPLETE -> report(DaemonsAddresses.TASK_REPORT, frame);
      default -> report(DaemonsAddresses.REPORT, frame);
    };
  }

  /**
   * Runs the {@link Handshake}; commands that arrive before {@code registered} is written wait for it. A
   * registration leaves nothing behind: when the socket closes before the registry is asked it stops there, and
   * when it takes longer than the command timeout the daemon is told to connect again and the registry undoes
   * whatever it did (the deadline travels with the registration).
   */
  private Future<Void> register(JsonObject frame) {
    int slots = frame.getInteger("maxConcurrentTasks");
    if (slots < 1 || slots > MAX_SLOTS) {
      return refuse("maxConcurrentTasks must be between 1 and " + MAX_SLOTS);
    }
    boolean returning = frame.getString("daemonId") != null;
    UUID requestedId = returning ? UUID.fromString(frame.getString("daemonId")) : UUID.randomUUID();
    registering = true;
    long deadline = System.currentTimeMillis() + settings.commandTimeoutMs();
    long timer = vertx.setTimer(settings.commandTimeoutMs(), fired -> registrationTimedOut(requestedId));
    return handshake.authenticate(frame, requestedId, returning)
      .compose(caller -> {
        ownerId = caller.ownerId();
        keyId = caller.keyId();
        if (closed) {
          return Future.failedFuture(new Handshake.Abandoned());
        }
        commands = handshake.listen(requestedId, this::onCommand);
        return handshake.register(caller, frame, requestedId, commands, deadline);
      })
      .onComplete(done -> vertx.cancelTimer(timer))
      .compose(this::onRegistered, this::registrationFailed);
  }

  private Future<Void> onRegistered(JsonObject reply) {
    daemonId = UUID.fromString(reply.getString("daemonId"));
    registering = false;
    if (closed) {
      // The socket went away (or the registration timed out) while the registry connected the daemon: it is lost
      // like any other.
      handshake.lost(daemonId, "socket closed during registration");
      return Future.succeededFuture();
    }
    write(Frames.registered(daemonId, settings.heartbeatMs()));
    // The daemon heartbeats once it learns the interval: its silence counts from now, not from its register frame,
    // however long the hub took to register it.
    silence.heard();
    reply.getJsonArray("interruptTaskIds").forEach(taskId -> write(DaemonCommands
      .command("interruptTask", UUID.fromString((String) taskId)).put("reason", "task runs elsewhere now")));
    log.atInfo().addKeyValue("daemonId", daemonId).addKeyValue("ownerId", ownerId)
      .log("Daemon {} registered (session {})", daemonId, sessionId);
    pending.registered(reply.getJsonArray("interruptedTaskIds").stream().map(String.class::cast)
      .collect(Collectors.toSet()));
    return Future.succeededFuture();
  }

  private Future<Void> registrationFailed(Throwable failure) {
    registering = false;
    if (failure instanceof Handshake.Abandoned) {
      log.info("A daemon's registration was abandoned: its socket closed before the daemon was registered");
    }
    if (closed) {
      return Future.succeededFuture();
    }
    if (Handshake.failedOnTheHubsSide(failure)) {
      log.error("A daemon's registration failed", failure);
      write(Frames.error(Frames.INTERNAL_ERROR, "the registration failed; connect again"));
      close("registration failed");
      return Future.succeededFuture();
    }
    return refuse(Handshake.refusal(failure));
  }

  /**
   * The hub took longer than the command timeout to register the daemon: the daemon connects again, and the
   * registration, should it still complete, is undone — here for a registry that already connected the daemon,
   * by the registry itself (the deadline) for one that connects it later.
   */
  private void registrationTimedOut(UUID requestedId) {
    if (closed || !registering) {
      return;
    }
    log.warn("The registration of daemon {} took longer than {} ms; the daemon is told to connect again",
      requestedId, settings.commandTimeoutMs());
    write(Frames.error(Frames.INTERNAL_ERROR, "the registration took too long; connect again"));
    close("registration timed out");
    handshake.lost(requestedId, "registration timed out");
  }

  /**
   * Records the heartbeat; when it lists the daemon's tasks, the scheduler reconciles them with what it believes:
   * tasks missing twice in a row are retried, listed tasks that are not this daemon's are stopped.
   */
  private Future<Void> heartbeat(JsonObject frame) {
    bus.send(DaemonsAddresses.HEARTBEAT, sessionRef());
    JsonArray listed = frame.getJsonArray("runningTaskIds");
    return listed == null ? Future.succeededFuture() : heartbeats.reconcile(sessionRef(), listed, this::write);
  }

  private Future<Void> report(String address, JsonObject frame) {
    return Reports.forward(bus, address, sessionRef(), frame, settings.frames(), this::write);
  }

  private Future<Void> commandResult(JsonObject frame) {
    return pending.result(frame) ? Future.succeededFuture()
      : badFrame("no command " + frame.getString("commandId") + " awaits a result");
  }

  private void onCommand(Message<JsonObject> message) {
    if (Handshake.SUPERSEDED.equals(message.headers().get(Handshake.CONTROL_HEADER))) {
      if (!sessionId.toString().equals(message.headers().get(Handshake.SESSION_HEADER))) {
        // The daemon is registering anew: the new session owns its row now, so this one leaves without a trace.
        write(Frames.error("SUPERSEDED", "this daemon connected again"));
        leaving = true;
        close("superseded by a newer session");
      }
      return;
    }
    pending.accept(message);
  }

  private Future<Void> badFrame(String message) {
    badFramesInARow++;
    settings.frames().bad();
    write(Frames.error(Frames.BAD_FRAME, message));
    if (badFramesInARow >= BAD_FRAME_LIMIT) {
      close(BAD_FRAME_LIMIT + " bad frames in a row");
    }
    return Future.succeededFuture();
  }

  private Future<Void> refuse(String message) {
    registering = false;
    write(Frames.error(Frames.UNAUTHORIZED, message));
    close("refused: " + message);
    return Future.succeededFuture();
  }

  /**
   * Sends {@code goingAway} and closes: the hub node is shutting down and the daemon reconnects elsewhere. Its
   * tasks are not interrupted: the daemon lists them when it registers again, wherever that is.
   */
  void goAway() {
    write(Frames.goingAway());
    leaving = true;
    close("hub node shutting down");
  }

  /** Whether the daemon registered with this API key (or is registering with it). */
  boolean authenticatedWith(UUID revokedKeyId) {
    return revokedKeyId.equals(keyId);
  }

  /** The key this daemon registered with was revoked: it is told so, and its session ends like a lost one. */
  void keyRevoked() {
    write(Frames.error(Frames.UNAUTHORIZED, "the API key this daemon registered with was revoked"));
    close("its API key was revoked");
  }

  private void write(JsonObject frame) {
    if (!closed) {
      socket.write(frame.toBuffer());
    }
  }

  private void close(String reason) {
    if (!closed) {
      socket.close();
      onClosed(reason);
    }
  }

  private void onClosed(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    pending.failAll();
    if (commands != null) {
      commands.unregister();
    }
    if (daemonId != null && !leaving) {
      log.atInfo().addKeyValue("daemonId", daemonId).addKeyValue("ownerId", ownerId)
        .log("Daemon {} disconnected: {}", daemonId, reason);
      // What the daemon sent before it left is applied first: a daemon that reports its last tasks done and exits
      // at once must not have them taken back (and run again elsewhere) by its own departure.
      JsonObject lost = sessionRef().put("reason", reason);
      frames.handled().onComplete(handled -> bus.send(DaemonsAddresses.DISCONNECTED, lost));
    }
    settings.onClosed().accept(this);
  }

  private JsonObject sessionRef() {
    return new JsonObject().put("daemonId", daemonId.toString()).put("sessionId", sessionId.toString())
      .put("ownerId", ownerId.toString());
  }
}
