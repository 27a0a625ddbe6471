package io.meshhub.bench;

import static io.meshhub.bench.Bench.await;
import static io.meshhub.bench.Bench.percentile;

import io.meshhub.events.OwnerEvents;
import io.meshhub.support.Agents;
import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.Api;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the question broker on a real hub with its own embedded Postgres, load generator in the same JVM: answer
 * latency (the answer's HTTP response returns → the blocked ask's response returns), then 10,000 asks blocked at
 * once on the node (over HTTP/2, as an agent holding many waits would), with the heap they take and the answer
 * latency under that load. Prints a table; asserts nothing.
 */
public final class QuestionBenchmark {

  private static final int WARMUP = 100;
  private static final int SAMPLES = 500;
  private static final int BLOCKED = Integer.getInteger("bench.blockedAsks", 10_000);
  private static final int SAMPLES_UNDER_LOAD = 200;
  private static final String ASK = "/api/v1/mesh/supervisor/questions";

  private QuestionBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Bench.onOwnHub((vertx, hub, api) -> {
      WebClient http2 = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(hub.port()).setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setHttp2MaxPoolSize(BLOCKED / 1_000 + 1).setHttp2MultiplexingLimit(1_000));
      TestOwner owner = await(api.newOwner());
      String contractId = await(api.createContract(owner, "benchmark"));
      RunningAgent agent = await(Agents.start(vertx, hub, api, owner, Api.task("asker").put("contractId",
        contractId)));
      Questions questions = new Questions(hub, api, http2, owner, agent);
      List<Long> idle = await(questions.latencies(WARMUP + SAMPLES)).subList(WARMUP, WARMUP + SAMPLES);
      Load load = await(questions.blockMany(BLOCKED));
      List<Long> loaded = await(questions.latencies(SAMPLES_UNDER_LOAD));
      await(api.post(owner.apiKey(), "/api/v1/mesh/tasks/" + agent.taskId() + "/cancel", new JsonObject()));
      await(load.released());
      print(idle, load, loaded);
    });
  }

  /** The blocked asks and what holding them cost. */
  record Load(int blocked, long heapBeforeMiB, long heapHeldMiB, Future<Void> released) {
  }

  /** Asks and answers for one agent and its owner; learns each question's id from the hub's announcement. */
  private static final class Questions {

    private final Api api;
    private final WebClient http2;
    private final TestOwner owner;
    private final RunningAgent agent;
    private Promise<String> nextQuestion;
    private Promise<Void> allStored;
    private int storedTarget;
    private int stored;

    Questions(RunningHub hub, Api api, WebClient http2, TestOwner owner, RunningAgent agent) {
      this.api = api;
      this.http2 = http2;
      this.owner = owner;
      this.agent = agent;
      hub.vertx().eventBus().<JsonObject>consumer(OwnerEvents.address(owner.id()), event -> {
        if ("questionAsked".equals(event.body().getString("type"))) {
          stored(event.body().getString("questionId"));
        }
      });
    }

    private synchronized void stored(String questionId) {
      if (nextQuestion != null) {
        Promise<String> waiting = nextQuestion;
        nextQuestion = null;
        waiting.complete(questionId);
      } else if (++stored >= storedTarget && allStored != null) {
        allStored.tryComplete();
      }
    }

    /** One question at a time: ask, wait until it is stored, answer, and time answer-returned → ask-returned. */
    Future<List<Long>> latencies(int count) {
      return sample(new ArrayList<>(), count);
    }

    private Future<List<Long>> sample(List<Long> micros, int remaining) {
      if (remaining == 0) {
        return Future.succeededFuture(micros);
      }
      Promise<String> question = Promise.promise();
      synchronized (this) {
        nextQuestion = question;
      }
      long[] answerReturned = new long[1];
      Future<HttpResponse<Buffer>> waiting = ask(api.request(HttpMethod.POST, ASK));
      return question.future()
        .compose(questionId -> api.post(owner.apiKey(), "/api/v1/mesh/questions/" + questionId + "/answer",
          new JsonObject().put("response", "yes")))
        .onSuccess(answered -> answerReturned[0] = System.nanoTime())
        .compose(answered -> waiting)
        .compose(returned -> {
          micros.add(Math.max(0, (System.nanoTime() - answerReturned[0]) / 1_000));
          return sample(micros, remaining - 1);
        });
    }

    /** Blocks {@code count} asks at once and, once the hub stored them all, measures the heap they hold. */
    Future<Load> blockMany(int count) {
      long heapBefore = usedHeapMiB();
      Promise<Void> everyOneStored = Promise.promise();
      synchronized (this) {
        stored = 0;
        storedTarget = count;
        allStored = everyOneStored;
      }
      List<Future<HttpResponse<Buffer>>> waiting = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        waiting.add(ask(http2.request(HttpMethod.POST, ASK)));
      }
      return everyOneStored.future()
        .map(done -> new Load(count, heapBefore, usedHeapMiB(), Future.join(waiting).mapEmpty()));
    }

    private Future<HttpResponse<Buffer>> ask(HttpRequest<Buffer> request) {
      return request.putHeader("X-Tool-Key", agent.toolKey())
        .sendJsonObject(new JsonObject().put("question", "Proceed?").put("timeoutSeconds", 3600));
    }
  }

  private static long usedHeapMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  private static void print(List<Long> idle, Load load, List<Long> loaded) {
    System.out.println();
    System.out.println("| figure | value | target |");
    System.out.println("| --- | --- | --- |");
    System.out.printf("| answer latency p50 (answer returns → blocked ask returns), %d samples | %.2f ms "
      + "| ≤ 2 ms |%n", idle.size(), percentile(idle, 50) / 1000.0);
    System.out.printf("| answer latency p99 | %.2f ms | ≤ 10 ms |%n", percentile(idle, 99) / 1000.0);
    System.out.printf("| asks blocked at once on one node | %d | 10,000 |%n", load.blocked());
    System.out.printf("| JVM heap used (hub + load generator), before / holding them | %d / %d MiB | ≤ 512 MiB |%n",
      load.heapBeforeMiB(), load.heapHeldMiB());
    System.out.printf("| answer latency p50 / p99 while they are held, %d samples | %.2f / %.2f ms | ≤ 2 / 10 ms |%n",
      loaded.size(), percentile(loaded, 50) / 1000.0, percentile(loaded, 99) / 1000.0);
    System.out.println();
  }
}
