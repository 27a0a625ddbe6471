package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A SockJS client on the fallback transports a browser's {@code sockjs-client} uses when WebSockets are blocked,
 * speaking the SockJS protocol by hand: {@code xhr_streaming} (one long response carrying {@code o}, {@code h},
 * {@code a[…]} frames line by line) or {@code xhr} polling (one request per batch of frames), and
 * {@code xhr_send} to send. Every message is one JSON frame of the hub's protocols.
 */
public final class SockJsXhr implements ReceivedFrames {

  /** The two fallbacks a browser tries after the WebSocket. */
  public enum Transport { XHR_STREAMING, XHR_POLLING }

  private final HttpClient client;
  private final int port;
  private final String session;
  private final FrameInbox inbox = new FrameInbox();
  private volatile boolean closed;
  private volatile Stream<String> streamed;

  private SockJsXhr(HttpClient client, int port, String session) {
    this.client = client;
    this.port = port;
    this.session = session;
  }

  /** Opens a session on the SockJS endpoint at {@code path}; completes once the server sent its open frame. */
  public static Future<SockJsXhr> open(Vertx vertx, int port, String path, Transport transport) {
    String session = path + "/" + ThreadLocalRandom.current().nextInt(1000) + "/" + UUID.randomUUID();
    // Vert.x's SockJS server closes the connection after each poll's answer: a connection kept alive could be
    // reused just as it closes, so each request opens its own, as a browser's retry would.
    SockJsXhr xhr = new SockJsXhr(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)), port, session);
    return transport == Transport.XHR_STREAMING ? xhr.stream() : xhr.poll().map(xhr);
  }

  /** Sends one frame with {@code xhr_send}; completes with the HTTP status (204 when the server took it). */
  public Future<Integer> send(JsonObject frame) {
    return client.request(post("/xhr_send").putHeader("content-type", "text/plain;charset=UTF-8"))
      .compose(request -> request.send(new JsonArray().add(frame.encode()).encode()))
      .compose(response -> response.body().map(body -> response.statusCode()));
  }

  @Override
  public FrameInbox inbox() {
    return inbox;
  }

  public Future<Void> close() {
    closed = true;
    if (streamed != null) {
      streamed.close();
    }
    return client.close();
  }

  private RequestOptions post(String transportPath) {
    return new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(HttpMethod.POST)
      .setURI(session + transportPath);
  }

  /**
   * One streaming response: frames arrive line by line for as long as the session lives. Read with the JDK's HTTP
   * client on a thread of its own, which hands over every line however early it arrives (the prelude, {@code o} and
   * the first frames may come in the same packet as the response head).
   */
  private Future<SockJsXhr> stream() {
    Promise<SockJsXhr> opened = Promise.promise();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + session + "/xhr_streaming"))
      .POST(HttpRequest.BodyPublishers.noBody()).build();
    java.net.http.HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
      .thenAcceptAsync(response -> {
        streamed = response.body();
        streamed.takeWhile(line -> !closed).forEach(line -> {
          if ("o".equals(line)) {
            opened.tryComplete(this);
          } else {
            frames(line);
          }
        });
      })
      .whenComplete((ended, failure) -> opened.tryFail(failure != null ? failure
        : new IllegalStateException("the stream ended before the session opened")));
    return opened.future();
  }

  /** One poll: the open frame first, then each poll brings the frames queued since; polls again until closed. */
  private Future<Void> poll() {
    return client.request(post("/xhr"))
      .compose(request -> request.send())
      .compose(HttpClientResponse::body)
      .map(body -> {
        body.toString().lines().forEach(this::frames);
        if (!closed && !body.toString().startsWith("c")) {
          poll();
        }
        return null;
      });
  }

  /** An {@code a[…]} line carries messages, each one frame; {@code o}, {@code h} and {@code c} carry none. */
  private void frames(String line) {
    if (line.startsWith("a")) {
      new JsonArray(Buffer.buffer(line.substring(1))).forEach(message ->
        inbox.received(new JsonObject((String) message)));
    }
  }
}
