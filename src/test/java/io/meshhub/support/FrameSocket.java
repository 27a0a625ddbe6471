package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;


/**
 * A real WebSocket to one of the hub's SockJS endpoints, exchanging JSON frames; the hub's frames wait in an inbox
 * until the test claims them.
 */
public final class FrameSocket implements ReceivedFrames {

  private final HttpClient client;
  private final WebSocket socket;
  private final FrameInbox inbox = new FrameInbox();
  private final Promise<Void> closed = Promise.promise();

  private FrameSocket(HttpClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(data -> inbox.received(data.toJsonObject()));
    socket.closeHandler(done -> closed.tryComplete());
  }

  /** Opens the raw WebSocket of the SockJS endpoint at {@code path}. */
  public static Future<FrameSocket> open(Vertx vertx, int port, String path) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
      .setMaxWebSocketFrameSize(4 * 1024 * 1024).setMaxWebSocketMessageSize(4 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI(path + "/websocket");
    return client.webSocket(options).map(socket -> new FrameSocket(client, socket));
  }

  /** A dashboard: the events socket, signed in with the owner's API key. */
  public static Future<FrameSocket> dashboard(Vertx vertx, int port, String apiKey) {
    return open(vertx, port, "/api/v1/events").compose(socket -> {
      socket.send(new JsonObject().put("type", "auth").put("apiKey", apiKey));
      return socket.await("authenticated").map(socket);
    });
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  /** Stops reading what the hub sends (it piles up in the network and then in the hub), or reads again. */
  public void reading(boolean read) {
    if (read) {
      socket.resume();
    } else {
      socket.pause();
    }
  }

  public void sendText(String text) {
    socket.writeTextMessage(text);
  }

  /** A binary WebSocket message: no SockJS client sends one, but nothing stops a hostile peer. */
  public void sendBinary(Buffer bytes) {
    socket.writeBinaryMessage(bytes);
  }

  @Override
  public FrameInbox inbox() {
    return inbox;
  }

  /** Closes the connection from this side, as a crash or a broken network would. */
  public Future<Void> close() {
    return socket.close().compose(done -> closed.future()).eventually(() -> client.close());
  }

  /** Completes when either side closed the socket. */
  public Future<Void> closed() {
    return closed.future();
  }
}
