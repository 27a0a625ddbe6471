package io.meshhub.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The event-bus leg of the one failure path. The HTTP side {@link #ask}s the verticle that owns a state; the
 * verticle {@link #reply}s with the outcome of its work, where a failure becomes {@code message.fail(code, text)}
 * that the HTTP failure handler turns back into an {@link ApiError}. Unexpected failures are logged by the verticle
 * with the HTTP request id and answered without their text.
 */
public final class BusCalls {

  /** Header carrying the HTTP request id across the event bus, so both sides' log lines can be joined. */
  static final String REQUEST_ID_HEADER = "requestId";

  private static final Logger log = LoggerFactory.getLogger(BusCalls.class);

  private BusCalls() {
  }

  /** Sends a request on behalf of an HTTP request and returns the reply's body. */
  public static Future<JsonObject> ask(EventBus bus, RoutingContext ctx, String address, JsonObject request) {
    return ask(bus, ctx, address, request, DeliveryOptions.DEFAULT_TIMEOUT);
  }

  /** The same, for a request whose reply may take up to {@code timeoutMs} (a request that waits for an event). */
  public static Future<JsonObject> ask(EventBus bus, RoutingContext ctx, String address, JsonObject request,
                                       long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().addHeader(REQUEST_ID_HEADER, RequestIds.of(ctx))
      .setSendTimeout(timeoutMs);
    return bus.<JsonObject>request(address, request, options).map(Message::body);
  }

  /**
   * The id of the HTTP request a message was sent for, or a new id when it was not sent for one: the key under
   * which a verticle keeps what the request waits for, so that the request's leaving can end the wait.
   */
  public static String requestId(Message<?> message) {
    String requestId = message.headers().get(REQUEST_ID_HEADER);
    return requestId != null ? requestId : UUID.randomUUID().toString();
  }

  /** Completes once the consumer's registration has reached every node of the cluster. */
  public static Future<Void> registered(MessageConsumer<?> consumer) {
    Promise<Void> registered = Promise.promise();
    consumer.completionHandler(registered);
    return registered.future();
  }

  /**
   * Replies with the result of {@code work}, or fails the message with its error code. The work is started here so
   * that one that throws before it returns a future is answered too: an unanswered request would stall its sender
   * (a daemon's frames are handled one after the other) until the bus times it out.
   */
  public static void reply(Message<JsonObject> message, Supplier<Future<JsonObject>> work) {
    Future<JsonObject> outcome;
    try {
      outcome = work.get();
    } catch (RuntimeException thrown) {
      outcome = Future.failedFuture(thrown);
    }
    outcome.onSuccess(message::reply).onFailure(failure -> fail(message, failure));
  }

  private static void fail(Message<JsonObject> message, Throwable failure) {
    if (failure instanceof ApiException api) {
      message.fail(api.code().number(), api.getMessage());
      return;
    }
    // A verticle asked along the way refused with an error code of its own: that answer is passed on as it is.
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && ErrorCode.fromNumber(reply.failureCode()) != ErrorCode.INTERNAL_ERROR) {
      message.fail(reply.failureCode(), reply.getMessage());
      return;
    }
    log.error("Request {} to {} failed", message.headers().get(REQUEST_ID_HEADER), message.address(), failure);
    message.fail(ErrorCode.INTERNAL_ERROR.number(), "internal error");
  }
}
