package io.meshhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Agents;
import io.meshhub.support.Agents.RunningAgent;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * A connection that carries no request for {@code http.idleTimeoutMs} is closed by the hub; a request that waits
 * longer than that (a phaseguard ask here) keeps its connection, and a daemon's WebSocket is not cut either.
 */
class IdleConnectionsTest extends ClientTest {

  private static RunningHub hub;

  @BeforeAll
  static void startHub() {
    hub = TestHub.OwnHub.create().with(Map.of("http.idleTimeoutMs", "400")).start();
  }

  @AfterAll
  static void stopHub() {
    hub.stop();
  }

  @Test
  void aConnectionThatCarriesNoRequestIsClosedByTheHub() {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    Promise<Void> closedByHub = Promise.promise();
    Future<Integer> status = client.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port())
        .setMethod(HttpMethod.GET).setURI("/health"))
      .compose(request -> {
        request.connection().closeHandler(closed -> closedByHub.tryComplete());
        return request.send();
      })
      .compose(response -> response.body().map(body -> response.statusCode()));
    assertThat(Blocking.await(status, 30, "the health answer")).isEqualTo(200);
    Blocking.await(closedByHub.future(), 30, "the hub to close the idle connection");
    client.close();
  }

  @Test
  void aRequestThatWaitsLongerThanTheIdleTimeoutKeepsItsConnection() {
    Api api = new Api(vertx, hub);
    TestOwner owner = Blocking.await(api.newOwner(), 30, "an owner");
    String contractId = Blocking.await(api.createContract(owner, "asking"), 30, "a contract");
    RunningAgent agent = Blocking.await(Agents.start(vertx, hub, api, owner, Api.task("asker")
      .put("contractId", contractId)), 30, "an agent");
    // The test hub's phaseguard wait (1.5 s) is longer than its idle timeout (0.4 s).
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    Promise<Void> closed = Promise.promise();
    Future<JsonObject> answer = client.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port())
        .setMethod(HttpMethod.POST).setURI("/api/v1/mesh/supervisor/questions")
        .putHeader("X-Tool-Key", agent.toolKey()).putHeader("Content-Type", "application/json"))
      .compose(request -> {
        request.connection().closeHandler(gone -> closed.tryComplete());
        return request.send(new JsonObject().put("question", "Go on?").put("phaseguard", true).toBuffer());
      })
      .compose(response -> response.body().map(body -> {
        assertThat(response.statusCode()).isEqualTo(200);
        return body.toJsonObject();
      }));
    assertThat(Blocking.await(answer, 30, "the phaseguard answer").getBoolean("stillPending")).isTrue();
    assertThat(closed.future().isComplete()).as("the connection was cut while the ask waited").isFalse();
    assertThat(agent.daemon().closed().isComplete()).as("the daemon's socket was cut").isFalse();
    Blocking.await(agent.daemon().kill(), 30, "the daemon to go");
    client.close();
  }
}
