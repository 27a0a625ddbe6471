package io.meshhub.cli;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;

/** Asking the owner (agents) and answering (owners). */
final class QuestionCommands {

  /** How long an agent keeps trying to reach a hub that went away while it waited for an answer. */
  private static final long UNREACHABLE_PATIENCE_MS = 600_000;
  private static final long FIRST_RETRY_MS = 500;
  private static final long LONGEST_RETRY_MS = 10_000;

  private QuestionCommands() {
  }

  @Command(name = "ask", description = "Ask the owner a question and wait for the answer (agents).")
  static final class Ask extends HubCommand {
    @Parameters(index = "0", paramLabel = "QUESTION")
    String question;
    @Option(names = "--choices", split = ",", description = "Choices, comma-separated.")
    List<String> choices = List.of();
    @Option(names = "--multi-select", description = "The owner may pick several choices.")
    boolean multiSelect;
    @Option(names = "--context", paramLabel = "TEXT")
    String context;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait (default 3600).")
    Integer timeoutSeconds;
    @Option(names = "--phaseguard", description = "Wait until answered, however long it takes.")
    boolean phaseguard;
    @Option(names = "--non-blocking", description = "Return the question id at once.")
    boolean nonBlocking;
    @Option(names = "--type", paramLabel = "TYPE", description = "general, phase_confirmation or contract_complete.")
    String questionType;

    @Override
    protected HubClient.As as() {
      return HubClient.As.TOOL;
    }

    @Override
    protected Future<Outcome> run(HubClient hub) {
      JsonObject body = body("question", question, "choices", new JsonArray(choices), "multiSelect", multiSelect,
        "phaseguard", phaseguard, "nonBlocking", nonBlocking, "context", context, "timeoutSeconds", timeoutSeconds,
        "questionType", questionType);
      // A phaseguard question waits as long as it takes, hub restarts included: it is stored at once (non-blocking)
      // so that the agent holds its id, then awaited with blocking polls that survive a lost connection.
      boolean storeFirst = phaseguard && !nonBlocking;
      if (storeFirst) {
        body.put("nonBlocking", true);
      }
      return hub.post("/api/v1/mesh/supervisor/questions", body)
        .map(JsonObject.class::cast)
        .recover(QuestionCommands::timedOutAnswer)
        .map(result -> storeFirst ? result.copy().put("stillPending", true) : result)
        .compose(result -> untilAnswered(hub, result, System.currentTimeMillis(), FIRST_RETRY_MS))
        .map(QuestionCommands::outcome);
    }
  }

  /**
   * While the hub says the question is still pending, asks again with a blocking poll. A hub that cannot be reached
   * (it restarts) is tried again with a growing pause: the question is in its database and survives the restart.
   */
  private static Future<JsonObject> untilAnswered(HubClient hub, JsonObject result, long reachedAt, long retryMs) {
    if (!result.getBoolean("stillPending", false)) {
      return Future.succeededFuture(result);
    }
    String path = "/api/v1/mesh/supervisor/questions/" + result.getString("questionId") + "/poll";
    return hub.get(path).map(JsonObject.class::cast).recover(QuestionCommands::timedOutAnswer)
      .compose(next -> untilAnswered(hub, next, System.currentTimeMillis(), FIRST_RETRY_MS), failure -> {
        if (!(failure instanceof HubClient.Unreachable)
          || System.currentTimeMillis() - reachedAt > UNREACHABLE_PATIENCE_MS) {
          return Future.failedFuture(failure);
        }
        return hub.vertx().timer(retryMs).compose(waited ->
          untilAnswered(hub, result, reachedAt, Math.min(retryMs * 2, LONGEST_RETRY_MS)));
      });
  }

  /** A 408 is the hub's answer that the question timed out, not a failure of the call. */
  private static Future<JsonObject> timedOutAnswer(Throwable failure) {
    if (failure instanceof HubClient.HubError error && error.status() == 408) {
      return Future.succeededFuture(error.body());
    }
    return Future.failedFuture(failure);
  }

  private static HubCommand.Outcome outcome(JsonObject result) {
    if (result.getBoolean("timedOut", false)) {
      return new HubCommand.Outcome(result, "timed out: no answer", HubCommand.TIMED_OUT);
    }
    String response = result.getString("response");
    return HubCommand.Outcome.of(result, response == null ? result.getString("questionId") : response);
  }

  @Command(name = "questions", description = "List the questions waiting for an answer (owners).")
  static final class Questions extends HubCommand {
    @Override
    protected HubClient.As as() {
      return HubClient.As.OWNER;
    }

    @Override
    protected Future<Outcome> run(HubClient hub) {
      return hub.get("/api/v1/mesh/questions").map(JsonArray.class::cast).map(list -> Outcome.of(list,
        Tables.render(list, "questionId", "taskId", "question", "choices")));
    }
  }

  @Command(name = "answer", description = "Answer a question (owners); choices are joined with commas.")
  static final class Answer extends HubCommand {
    @Parameters(index = "0", paramLabel = "QUESTION_ID")
    String questionId;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RESPONSE")
    String[] response;

    @Override
    protected HubClient.As as() {
      return HubClient.As.OWNER;
    }

    @Override
    protected Future<Outcome> run(HubClient hub) {
      String text = String.join(" ", Arrays.asList(response));
      return hub.post("/api/v1/mesh/questions/" + HubClient.segment(questionId) + "/answer",
        new JsonObject().put("response", text)).map(answered -> Outcome.of(answered, "answered"));
    }
  }
}
