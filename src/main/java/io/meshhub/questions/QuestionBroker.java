package io.meshhub.questions;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.core.MeshhubConfig;
import io.meshhub.core.WriteBatch;
import io.meshhub.daemons.DaemonCommands;
import io.meshhub.events.OwnerEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Agents ask, owners answer. A question is stored before anyone waits on it; a waiting request is woken by the
 * {@code question.answered} event, which is published so that the node holding the waiter hears it wherever the
 * answer was given, or by its timer. An answer is handed out once (a conditional update takes it), and taken back
 * if it could not be written to the agent.
 */
final class QuestionBroker {

  private static final Logger log = LoggerFactory.getLogger(QuestionBroker.class);

  private final QuestionRepository questions;
  /** Every task's end cancels its questions: the ends heard meanwhile go in one statement. */
  private final WriteBatch<UUID, List<UUID>> endedTasks;
  private final Waiters waiters;
  private final EventBus bus;
  private final MeshhubConfig.Questions timings;
  /** An answer heard → the blocked asks and polls of its question answered. */
  private final Timer answerLatency;

  QuestionBroker(QuestionRepository questions, Waiters waiters, EventBus bus, MeshhubConfig.Questions timings,
                 MeterRegistry meters) {
    this.questions = questions;
    this.endedTasks = new WriteBatch<>(questions::cancelForTasks);
    this.waiters = waiters;
    this.bus = bus;
    this.timings = timings;
    this.answerLatency = Timer.builder("meshhub.answer.latency")
      .description("an answer announced to the blocked asks and polls of its question answered")
      .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
    Gauge.builder("meshhub.asks.blocked", waiters, Waiters::count)
      .description("asks and polls waiting for an answer on this node").register(meters);
  }

  /**
   * Stores the question and, unless the agent asked not to block, waits for the answer: per request up to the
   * phaseguard wait (then {@code stillPending}, the question stays), else up to the directive's or the agent's
   * timeout (then the question times out).
   */
  Future<AskResult> ask(AskRequest ask, String requestId) {
    return questions.asker(ask.taskId(), ask.ownerId()).compose(found -> {
      QuestionRepository.Asker asker = found.orElseThrow(() -> ApiException.notFound("task"));
      if (asker.contractId() == null && asker.directiveId() == null) {
        throw new ApiException(ErrorCode.NOT_DIRECTIVE_TASK, "only a task of a directive or a contract may ask");
      }
      if (asker.finished()) {
        throw new ApiException(ErrorCode.INVALID_STATE, "the task has ended");
      }
      Optional<ReconcileMode> mode = ReconcileMode.fromWire(asker.reconcileMode());
      boolean phaseguard = ask.phaseguard() || mode.map(ReconcileMode::waitsForTheOwner).orElse(false);
      long waitMs = phaseguard ? timings.phaseguardWaitMs()
        : mode.isPresent() ? timings.autoWaitMs() : ask.timeoutSeconds() * 1000;
      UUID questionId = UUID.randomUUID();
      // The waiter is in place before the question exists, so no answer can come before anyone listens.
      Future<AskResult> answer = ask.nonBlocking() ? null : waiters.await(questionId, requestId, true, waitMs,
        () -> phaseguard ? stillPending(questionId) : timeOut(questionId));
      return questions.insert(questionId, ask, asker, phaseguard, logEntry(questionId, ask))
        .onSuccess(this::announce)
        .onFailure(failure -> waiters.takeAll(questionId))
        .compose(stored -> answer == null
          ? Future.succeededFuture(new AskResult(questionId, null, false, false))
          : answer);
    });
  }

  /**
   * The answer if there is one to hand out, else waits up to the poll wait; unknown, finished, delivered or another
   * task's question → NOT_FOUND. The waiter is registered only after that check, so no one else's answer can reach
   * it; an answer given in between is caught by looking once more.
   */
  Future<AskResult> poll(QuestionMessages.Poll poll, String requestId) {
    UUID questionId = poll.questionId();
    return questions.state(questionId, poll.ownerId(), poll.taskId()).compose(state -> {
      Optional<QuestionStatus> status = state.map(row -> QuestionStatus.fromWire(row.getString("status")));
      if (status.equals(Optional.of(QuestionStatus.ANSWERED)) && !state.get().getBoolean("delivered")) {
        return questions.handOut(questionId).map(answer -> AskResult.answered(questionId,
          answer.orElseThrow(QuestionBroker::notFound)));
      }
      if (!status.equals(Optional.of(QuestionStatus.PENDING))) {
        return Future.failedFuture(notFound());
      }
      Future<AskResult> answer = waiters.await(questionId, requestId, false, timings.pollWaitMs(),
        () -> stillPending(questionId));
      onAnswered(questionId);
      return answer;
    });
  }

  /** Stores the owner's answer (the first one wins), wakes the agent and forwards the answer to its task. */
  Future<JsonObject> answer(QuestionMessages.Answer answer) {
    UUID ownerId = answer.ownerId();
    UUID questionId = answer.questionId();
    String response = answer.response();
    return questions.answer(questionId, ownerId, response).compose(stored -> {
      if (stored.isEmpty()) {
        return questions.ownerOf(questionId).map(owner -> {
          if (owner.isPresent() && !owner.get().equals(ownerId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "the question belongs to another owner");
          }
          throw new ApiException(ErrorCode.NOT_FOUND, "question not found or no longer pending");
        });
      }
      QuestionRepository.Answered answered = stored.get();
      bus.publish(QuestionsAddresses.ANSWERED, new QuestionMessages.QuestionRef(questionId).toJson());
      OwnerEvents.publish(bus, ownerId, "questionAnswered", new JsonObject()
        .put("questionId", questionId.toString()).put("taskId", answered.question().taskId().toString())
        .put("response", response));
      forwardToTask(answered);
      return Future.succeededFuture(new JsonObject().put("success", true));
    });
  }

  /**
   * Somewhere a question was answered: if this node holds its waiters, the answer is taken for delivery (once,
   * whichever node takes it) and they get it.
   */
  void onAnswered(UUID questionId) {
    if (!waiters.isWaiting(questionId)) {
      return;
    }
    Timer.Sample answered = Timer.start();
    questions.handOut(questionId).onSuccess(answer -> answer.ifPresent(response -> {
      wake(questionId, AskResult.answered(questionId, response));
      answered.stop(answerLatency);
    }));
  }

  /** A question was cancelled with its task: a waiting ask gets its timeout answer, a waiting poll NOT_FOUND. */
  void onCancelled(UUID questionId) {
    waiters.takeAll(questionId).forEach(waiter -> {
      if (waiter.ask()) {
        waiter.outcome().tryComplete(AskResult.timedOut(questionId));
      } else {
        waiter.outcome().tryFail(notFound());
      }
    });
  }

  /** A task ended: its pending questions are cancelled on every node. */
  Future<Void> onTaskEnded(UUID taskId) {
    return endedTasks.add(taskId).map(cancelled -> {
      cancelled.forEach(id -> bus.publish(QuestionsAddresses.CANCELLED, new QuestionMessages.QuestionRef(id).toJson()));
      return null;
    });
  }

  /**
   * A supervisor was restored on a daemon: its questions are pending again and shown to the owner once more,
   * marked as restored, with when they were first asked.
   */
  Future<JsonObject> redeliver(Redelivery redelivery) {
    return questions.reopen(redelivery).map(reopened -> {
      JsonArray delivered = new JsonArray();
      reopened.forEach(question -> {
        JsonObject restored = question.toJson().put("isRestored", true)
          .put("originallyAskedAt", question.createdAt());
        OwnerEvents.publish(bus, question.ownerId(), "questionAsked", restored);
        OwnerEvents.publish(bus, question.ownerId(), "taskOutput", output(question)
          .put("toolInput", toolInput(question).put("isRestored", true)
            .put("originallyAskedAt", question.createdAt())));
        delivered.add(restored);
      });
      return new JsonObject().put("questions", delivered);
    });
  }

  /**
   * The HTTP request went away while it waited (the agent's process or connection died): its wait ends at once,
   * timer and all. The question stays as it is — pending, for the agent's next poll or a later answer.
   */
  void clientGone(String requestId) {
    waiters.abandon(requestId).ifPresent(waiter -> {
      log.debug("Request {} left while it waited for question {}; its wait ended", requestId, waiter.questionId());
      waiter.outcome().tryFail(new ApiException(ErrorCode.UNAVAILABLE, "the client left"));
    });
  }

  /** The answer taken for delivery could not be written to the agent: the next poll gets it. */
  Future<Void> undelivered(UUID questionId) {
    return questions.takeBack(questionId);
  }

  private void wake(UUID questionId, AskResult result) {
    waiters.takeAll(questionId).forEach(waiter -> waiter.outcome().tryComplete(result));
  }

  /** At the end of a phaseguard wait: the answer if it just came, else "still pending" (the question stays). */
  private Future<AskResult> stillPending(UUID questionId) {
    return questions.handOut(questionId).map(answer -> answer
      .map(response -> AskResult.answered(questionId, response))
      .orElseGet(() -> AskResult.notYet(questionId)));
  }

  /** At the end of a blocking wait: the question times out, unless an answer came first. */
  private Future<AskResult> timeOut(UUID questionId) {
    return questions.timeOut(questionId).compose(timedOut -> timedOut
      ? Future.succeededFuture(AskResult.timedOut(questionId))
        .onSuccess(result -> bus.publish(QuestionsAddresses.TIMED_OUT,
          new QuestionMessages.QuestionRef(questionId).toJson()))
      : questions.handOut(questionId).map(answer -> answer
        .map(response -> AskResult.answered(questionId, response))
        .orElseGet(() -> AskResult.timedOut(questionId))));
  }

  private void announce(Question question) {
    bus.publish(QuestionsAddresses.ASKED, question.toJson());
    OwnerEvents.publish(bus, question.ownerId(), "questionAsked", question.toJson());
    OwnerEvents.publish(bus, question.ownerId(), "taskOutput", output(question).put("toolInput", toolInput(question)));
  }

  /** The question as an entry of its task's output stream. */
  private static JsonObject output(Question question) {
    return new JsonObject()
      .put("taskId", question.taskId().toString())
      .put("messageType", "supervisor_question")
      .put("content", question.question())
      .put("toolName", null)
      .put("isError", false)
      .put("isPartial", false);
  }

  private static JsonObject toolInput(Question question) {
    return toolInput(question.id(), question.choices(), question.context(), question.multiSelect(),
      question.questionType());
  }

  private static JsonObject logEntry(UUID questionId, AskRequest ask) {
    return new JsonObject().put("messageType", "supervisor_question").put("content", ask.question())
      .put("toolInput", toolInput(questionId, ask.choices(), ask.context(), ask.multiSelect(), ask.questionType()));
  }

  private static JsonObject toolInput(UUID questionId, JsonArray choices, String context,
                                      boolean multiSelect, String questionType) {
    return new JsonObject().put("questionId", questionId.toString()).put("choices", choices).put("context", context)
      .put("multiSelect", multiSelect).put("questionType", questionType);
  }

  /** Tells the agent through its daemon, which also resumes a task paused for a phaseguard question. */
  private void forwardToTask(QuestionRepository.Answered answered) {
    if (!answered.taskOnDaemon() || answered.daemonId() == null) {
      return;
    }
    String message = "[User Response to Question]\nQuestion: " + answered.question().question() + "\nAnswer: "
      + answered.response();
    DaemonCommands.send(bus, answered.daemonId(), DaemonCommands.command("sendMessage", answered.question().taskId())
        .put("message", message), DaemonCommands.DELIVERY_TIMEOUT_MS)
      .onFailure(failure -> log.info("Answer to question {} not forwarded to its task: {}",
        answered.question().id(), failure.getMessage()));
  }

  private static ApiException notFound() {
    return new ApiException(ErrorCode.NOT_FOUND, "question not found, no longer pending, or already delivered");
  }
}
