package io.meshhub.daemons;

import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commands sent to one session's daemon: held while the daemon registers, written to its socket, and — for
 * commands the daemon answers — matched with its {@code commandResult} or failed after the command timeout. Used
 * from the session's event loop only.
 */
final class SessionCommands {

  private final Vertx vertx;
  private final SockJSSocket socket;
  private final long timeoutMs;
  private final Map<String, Message<JsonObject>> awaitingResults = new HashMap<>();
  private final List<Message<JsonObject>> beforeRegistered = new ArrayList<>();
  private boolean registered;

  SessionCommands(Vertx vertx, SockJSSocket socket, long timeoutMs) {
    this.vertx = vertx;
    this.socket = socket;
    this.timeoutMs = timeoutMs;
  }

  /** Delivers the command, or holds it until the daemon is registered. */
  void accept(Message<JsonObject> message) {
    if (registered) {
      deliver(message);
    } else {
      beforeRegistered.add(message);
    }
  }

  /**
   * The daemon is registered: the commands held meanwhile are delivered, except spawns of tasks that the
   * registration took off this daemon — those must not reach it.
   */
  void registered(Set<String> interruptedTaskIds) {
    registered = true;
    beforeRegistered.forEach(command -> {
      if (interruptedTaskIds.contains(command.body().getString("taskId"))) {
        command.fail(ErrorCode.DAEMON_UNAVAILABLE.number(), "the task was taken off this daemon while it registered");
      } else {
        deliver(command);
      }
    });
    beforeRegistered.clear();
  }

  /** Answers the command this result is for; false when no command awaits it. */
  boolean result(JsonObject frame) {
    Message<JsonObject> waiting = awaitingResults.remove(frame.getString("commandId"));
    if (waiting == null) {
      return false;
    }
    waiting.reply(frame);
    return true;
  }

  /** The session ended: every command not answered yet fails at once rather than at its timeout. */
  void failAll() {
    List<Message<JsonObject>> unanswered = new ArrayList<>(awaitingResults.values());
    unanswered.addAll(beforeRegistered);
    awaitingResults.clear();
    beforeRegistered.clear();
    unanswered.forEach(waiting -> waiting.fail(ErrorCode.DAEMON_UNAVAILABLE.number(), "the daemon disconnected"));
  }

  private void deliver(Message<JsonObject> message) {
    JsonObject command = message.body();
    String commandId = command.getString("commandId");
    boolean answered = DaemonCommands.ANSWERED.contains(command.getString("type"));
    if (answered) {
      awaitingResults.put(commandId, message);
      vertx.setTimer(timeoutMs, timer -> {
        Message<JsonObject> stale = awaitingResults.remove(commandId);
        if (stale != null) {
          stale.fail(ErrorCode.DAEMON_TIMEOUT.number(), "the daemon did not answer in time");
        }
      });
    }
    Future<Void> written = socket.write(command.toBuffer());
    if (written.failed() || answered) {
      written.onFailure(closed -> {
        awaitingResults.remove(commandId);
        message.fail(ErrorCode.DAEMON_UNAVAILABLE.number(), "the daemon's socket is closed");
      });
    } else {
      // Delivered once it is queued on the live socket, in order behind the frames before it: waiting for the
      // flush would let a daemon that reads slowly time the command out while its frame is still on the way, and
      // a spawn taken back that way could still reach the daemon. A socket that dies with it queued ends the
      // session, and the daemon's loss takes its tasks back.
      message.reply(new JsonObject().put("delivered", true));
    }
  }
}
