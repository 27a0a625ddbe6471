package io.meshhub.daemons;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.Function;

/**
 * A daemon's frames, handled one after the other in the order the daemon sent them (a task's reports must apply
 * in order), with back-pressure: a daemon that sends faster than its frames are handled is paused beyond
 * {@value #MAX_QUEUED_FRAMES} queued frames — they wait in the network, not in the hub's memory — and resumed at
 * half that. Used from the session's event loop only.
 */
final class InboundFrames {

  static final int MAX_QUEUED_FRAMES = 64;

  private final ReadStream<Buffer> socket;
  private final Function<Buffer, Future<Void>> handler;
  private Future<Void> last = Future.succeededFuture();
  private int queued;
  private boolean paused;

  InboundFrames(ReadStream<Buffer> socket, Function<Buffer, Future<Void>> handler) {
    this.socket = socket;
    this.handler = handler;
  }

  /** Completes once every frame queued so far has been handled. */
  Future<Void> handled() {
    return last;
  }

  /** Queues the frame behind the ones before it. */
  void accept(Buffer frame) {
    if (++queued > MAX_QUEUED_FRAMES && !paused) {
      paused = true;
      socket.pause();
    }
    last = last.eventually(() -> handler.apply(frame)).onComplete(handled -> {
      if (--queued <= MAX_QUEUED_FRAMES / 2 && paused) {
        paused = false;
        socket.resume();
      }
    });
  }
}
