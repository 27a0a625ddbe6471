package io.meshhub.questions;

import io.meshhub.core.BusCalls;
import io.meshhub.core.HubContext;
import io.meshhub.core.HubMetrics;
import io.meshhub.scheduler.SchedulerAddresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * The question broker of a node. Asks and polls are served where the HTTP request arrived (local consumers hold
 * the waiting requests); answers may be given on any node, and the published {@code question.answered} reaches
 * the waiters wherever they are.
 */
public final class QuestionBrokerVerticle extends AbstractVerticle {

  private static final Logger log = LoggerFactory.getLogger(QuestionBrokerVerticle.class);

  private final HubContext context;

  public QuestionBrokerVerticle(HubContext context) {
    this.context = context;
  }

  @Override
  public void start(Promise<Void> started) {
    Pool pool = context.pool(vertx);
    QuestionBroker broker = new QuestionBroker(new QuestionRepository(pool), new Waiters(vertx), vertx.eventBus(),
      context.config().questions(), HubMetrics.of(vertx).registry());
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
      bus.localConsumer(QuestionsAddresses.ASK, message -> BusCalls.reply(message,
        () -> broker.ask(AskRequest.fromJson(message.body()), BusCalls.requestId(message)).map(AskResult::toJson))),
      bus.localConsumer(QuestionsAddresses.POLL, message -> BusCalls.reply(message,
        () -> broker.poll(QuestionMessages.Poll.fromJson(message.body()), BusCalls.requestId(message))
          .map(AskResult::toJson))),
      bus.localConsumer(QuestionsAddresses.CLIENT_GONE, message ->
        broker.clientGone(QuestionMessages.ClientGone.fromJson(message.body()).requestId())),
      bus.localConsumer(QuestionsAddresses.ANSWER, message -> BusCalls.reply(message,
        () -> broker.answer(QuestionMessages.Answer.fromJson(message.body())))),
      bus.localConsumer(QuestionsAddresses.REDELIVER, message -> BusCalls.reply(message,
        () -> broker.redeliver(Redelivery.fromJson(message.body())))),
      bus.localConsumer(QuestionsAddresses.UNDELIVERED, message -> broker.undelivered(questionId(message.body()))
        .onFailure(failure -> log.error("An undelivered answer was not taken back", failure))),
      bus.consumer(QuestionsAddresses.ANSWERED, message -> broker.onAnswered(questionId(message.body()))),
      bus.consumer(QuestionsAddresses.CANCELLED, message -> broker.onCancelled(questionId(message.body()))),
      // The node whose scheduler ended the task cancels its questions (and announces that to every node): one
      // statement per task, not one per node.
      bus.localConsumer(SchedulerAddresses.TASK_COMPLETED, message -> broker.onTaskEnded(UUID.fromString(message.body()
          .getString("id")))
        .onFailure(failure -> log.error("Questions of an ended task not cancelled", failure))));
    Future.all(consumers.stream().map(BusCalls::registered).toList()).<Void>mapEmpty().onComplete(started);
  }

  private static UUID questionId(JsonObject body) {
    return QuestionMessages.QuestionRef.fromJson(body).questionId();
  }
}
