package io.meshhub.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.daemons.DaemonCommands;
import io.meshhub.hardening.FuzzCases.FuzzCase;
import io.meshhub.support.Blocking;
import io.meshhub.support.TestDaemon;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thousands of hostile requests, made from the OpenAPI document's own schemas ({@link FuzzCases}), by one owner's
 * keys against another owner's ids, its own and no one's: every one gets an answer below 500 in time, no row of the
 * other owner changes, and the hub is still ready afterwards. {@code -Dfuzz.seed} replays a run,
 * {@code -Dfuzz.httpCases} sets its size (1,000 in {@code mvn verify}, 10,000 in {@code -Pchaos}).
 */
class HttpFuzzTest extends SharedHubSuite {

  private static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
  private static final int CASES = Integer.getInteger("fuzz.httpCases", 1_000);
  private static final int IN_FLIGHT = 8;
  private static final long ANSWER_WITHIN_MS = 20_000;


  @Test
  void hostileRequestsGetAnAnswerBelow500AndChangeNothingOfAnotherOwner() throws InterruptedException {
    OwnerWorld victim = OwnerWorld.build(vertx, hub.port(), api);
    OwnerWorld attacker = OwnerWorld.build(vertx, hub.port(), api);
    OwnedRows before = OwnedRows.of(victim.owner.id());

    answerCommands(attacker.daemon);
    // A connection of its own for each case: the hub closes a connection after some refusals (a header too large),
    // and a pooled one could be reused by the next case meanwhile.
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(hub.port()).setKeepAlive(false).setMaxPoolSize(IN_FLIGHT));
    List<FuzzCase> cases = new FuzzCases(SEED, OpenApiOperations.all(), List.copyOf(victim.allIds()),
      List.copyOf(attacker.allIds()), List.of(attacker.owner.apiKey(), attacker.supervisorToolKey,
      attacker.plainTaskToolKey)).next(CASES);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    for (FuzzCase fuzz : cases) {
      inFlight.acquire();
      send(client, fuzz).onComplete(answered -> {
        if (answered.failed()) {
          failures.add(fuzz + ": no answer within " + ANSWER_WITHIN_MS + " ms (" + answered.cause() + ")");
        } else {
          int status = answered.result().statusCode();
          statuses.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
          if (status >= 500) {
            failures.add(fuzz + ": " + status + " " + answered.result().bodyAsString());
          }
        }
        inFlight.release();
      });
    }
    assertThat(inFlight.tryAcquire(IN_FLIGHT, 2 * ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS))
      .as("every fuzz case answered").isTrue();
    OwnedRows after = OwnedRows.of(victim.owner.id());
    HttpResponse<Buffer> ready = Blocking.await(api.request(HttpMethod.GET, "/ready").send(), 30, "/ready");
    System.out.printf("HTTP fuzzer: seed %d, %d cases, answers by status %s, %d rows of the other owner checked%n",
      SEED, cases.size(), new TreeMap<>(statuses), after.count());

    assertThat(failures).as("fuzz cases answered 5xx or not at all").isEmpty();
    assertThat(after.byTable()).as("the other owner's rows after the fuzz").isEqualTo(before.byTable());
    assertThat(ready.statusCode()).as("the hub is ready after the fuzz").isEqualTo(200);
  }

  /**
   * The attacker's daemon answers every command that awaits a result, with a refusal, as a daemon that cannot do
   * it would: the cases that reach it get the hub's answer to that, not a timeout.
   */
  private static void answerCommands(TestDaemon daemon) {
    daemon.await(frame -> DaemonCommands.ANSWERED.contains(frame.getString("type")))
      .onSuccess(command -> {
        daemon.answer(command, false, new JsonObject().put("message", "refused by the fuzz"));
        answerCommands(daemon);
      });
  }

  private static Future<HttpResponse<Buffer>> send(WebClient client, FuzzCase fuzz) {
    HttpRequest<Buffer> request = client.request(fuzz.method(), fuzz.uri()).putHeader(fuzz.header(), fuzz.key())
      .timeout(ANSWER_WITHIN_MS);
    if (fuzz.body() == null) {
      return request.send();
    }
    if (fuzz.contentType() != null && !fuzz.contentType().isEmpty()) {
      request.putHeader("Content-Type", fuzz.contentType());
    }
    return request.sendBuffer(fuzz.body());
  }
}
