package io.meshhub.questions;

import io.meshhub.core.ApiException;
import io.meshhub.core.BusCalls;
import io.meshhub.core.Caller;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.HttpRoutes;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.core.Params;
import io.meshhub.core.RequestIds;
import io.meshhub.core.Responses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Questions over HTTP: agents ask and poll with their task's tool key, owners list and answer with their API key.
 * An answer that could not be written to the agent is given back to the broker.
 */
public final class QuestionRoutes implements HttpRoutes {

  /** Beyond the longest wait, the time the broker may take to answer a waiting request. */
  private static final long REPLY_MARGIN_MS = 30_000;

  private final EventBus bus;
  private final QuestionRepository questions;
  private final MeshhubConfig.Questions timings;

  public QuestionRoutes(EventBus bus, Pool pool, MeshhubConfig.Questions timings) {
    this.bus = bus;
    this.questions = new QuestionRepository(pool);
    this.timings = timings;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.operation("askQuestion").handler(this::ask);
    builder.operation("pollQuestion").handler(this::poll);
    builder.operation("listQuestions").handler(Responses.json(200, this::list));
    builder.operation("answerQuestion").handler(Responses.json(200, this::answer));
  }

  private void ask(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    AskRequest ask = AskRequest.fromBody(caller.ownerId(), caller.taskId(), Params.of(ctx).body());
    long longestWait = Math.max(ask.timeoutSeconds() * 1000, Math.max(timings.phaseguardWaitMs(),
      timings.autoWaitMs()));
    respond(ctx, BusCalls.ask(bus, ctx, QuestionsAddresses.ASK, ask.toJson(), longestWait + REPLY_MARGIN_MS));
  }

  private void poll(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    QuestionMessages.Poll poll = new QuestionMessages.Poll(caller.ownerId(), caller.taskId(),
      Params.of(ctx).pathUuid("questionId"));
    respond(ctx, BusCalls.ask(bus, ctx, QuestionsAddresses.POLL, poll.toJson(),
      timings.pollWaitMs() + REPLY_MARGIN_MS));
  }

  /**
   * 200 with the result, 408 when the question timed out. A client that goes away while it waits ends its wait in
   * the broker at once; an answer that cannot be written (the agent went away as it came) is given back, so that
   * the agent's next poll gets it.
   */
  private void respond(RoutingContext ctx, Future<JsonObject> outcome) {
    String requestId = RequestIds.of(ctx);
    ctx.response().closeHandler(gone -> bus.publish(QuestionsAddresses.CLIENT_GONE,
      new QuestionMessages.ClientGone(requestId).toJson(), new DeliveryOptions().setLocalOnly(true)));
    outcome.onFailure(failure -> {
      if (!ctx.response().closed()) {
        ctx.fail(failure);
      }
    }).onSuccess(json -> {
      AskResult result = AskResult.fromJson(json);
      Future<Void> written = ctx.response().closed() ? Future.failedFuture("closed")
        : ctx.response().setStatusCode(result.timedOut() ? 408 : 200)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(json.toBuffer());
      written.onFailure(failure -> {
        if (result.isAnswer()) {
          bus.send(QuestionsAddresses.UNDELIVERED, new QuestionMessages.QuestionRef(result.questionId()).toJson());
        }
      });
    });
  }

  private Future<JsonArray> list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    return questions.pending(Caller.of(ctx).ownerId(), params.limit(), params.offset())
      .map(pending -> new JsonArray(pending.stream().map(Question::toJson).toList()));
  }

  /** A multi-select answer may come as the chosen choices; it is stored joined by commas. */
  private Future<JsonObject> answer(RoutingContext ctx) {
    Object given = Params.of(ctx).body().getValue("response");
    String response = given instanceof JsonArray chosen
      ? chosen.stream().map(String::valueOf).collect(Collectors.joining(","))
      : (String) given;
    if (response.isBlank()) {
      return Future.failedFuture(new ApiException(ErrorCode.VALIDATION_ERROR, "body field 'response' is empty"));
    }
    UUID questionId = Params.of(ctx).pathUuid("questionId");
    return BusCalls.ask(bus, ctx, QuestionsAddresses.ANSWER,
      new QuestionMessages.Answer(Caller.of(ctx).ownerId(), questionId, response).toJson());
  }
}
