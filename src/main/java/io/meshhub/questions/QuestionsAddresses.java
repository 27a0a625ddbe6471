package io.meshhub.questions;

/** Event-bus addresses of the question broker, and the facts it publishes cluster-wide. */
public final class QuestionsAddresses {

  /** Local request from the HTTP verticle: an {@link AskRequest}; reply: an {@link AskResult} once there is one. */
  static final String ASK = "questions.ask";
  /** Local request: {@code {ownerId, taskId, questionId}}; reply: an {@link AskResult}, or NOT_FOUND. */
  static final String POLL = "questions.poll";
  /** Local publish from the HTTP verticle: {@code {requestId}} — a request waiting in ask or poll went away. */
  static final String CLIENT_GONE = "questions.clientGone";
  /** Request: {@code {ownerId, questionId, response}}; reply: {@code {success:true}}. */
  static final String ANSWER = "questions.answer";
  /** Send: {@code {questionId}} whose answer could not be written to the agent; the next poll gets it. */
  static final String UNDELIVERED = "questions.undelivered";

  /**
   * Request: a {@link Redelivery}; its questions are pending again and broadcast to the owner once more
   * ({@code isRestored}, {@code originallyAskedAt}). Reply: {@code {questions:[…]}}, the questions re-delivered.
   */
  public static final String REDELIVER = "questions.redeliver";

  /**
   * Published fact: a question was asked; the body is the {@link Question} (with {@code questionId} and
   * {@code askedAt}), for the supervisor state of the task that asked.
   */
  public static final String ASKED = "question.asked";
  /** Published: {@code {questionId}} was answered; whichever node holds its waiter wakes it. */
  public static final String ANSWERED = "question.answered";
  /** Published fact: {@code {questionId}} timed out unanswered. */
  public static final String TIMED_OUT = "question.timedOut";
  /** Published: {@code {questionId}} was cancelled with its task; its waiters are released. */
  static final String CANCELLED = "question.cancelled";

  private QuestionsAddresses() {
  }
}
