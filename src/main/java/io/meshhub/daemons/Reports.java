package io.meshhub.daemons;

import io.meshhub.core.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * A daemon's reports on their way to the verticle that owns what they are about: a report it refused is answered
 * as the protocol says ({@code NOT_ASSIGNED}, {@code BAD_FRAME}); one it failed on, with an error that asks the
 * daemon to send it again.
 */
final class Reports {

  private static final Logger log = LoggerFactory.getLogger(Reports.class);

  private Reports() {
  }

  /** Sends the session's ({@code daemonId}, …) frame to {@code address}; answers to the daemon go to {@code reply}. */
  static Future<Void> forward(EventBus bus, String address, JsonObject session, JsonObject frame, FrameMeters meters,
                              Consumer<JsonObject> reply) {
    return bus.<JsonObject>request(address, session.copy().put("frame", frame)).<Void>mapEmpty().recover(failure -> {
      ErrorCode refused = failure instanceof ReplyException answer ? ErrorCode.fromNumber(answer.failureCode()) : null;
      if (refused == ErrorCode.NOT_ASSIGNED) {
        reply.accept(Frames.notAssigned(frame.getString("taskId")));
      } else if (refused == ErrorCode.VALIDATION_ERROR) {
        meters.bad();
        reply.accept(Frames.error(Frames.BAD_FRAME, failure.getMessage()));
      } else {
        log.atError().addKeyValue("daemonId", session.getString("daemonId"))
          .addKeyValue("taskId", frame.getString("taskId")).setCause(failure)
          .log("Report of daemon {} was not applied", session.getString("daemonId"));
        reply.accept(Frames.error(Frames.INTERNAL_ERROR, "the report was not applied; send it again"));
      }
      return Future.succeededFuture();
    });
  }
}
