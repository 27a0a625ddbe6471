package io.meshhub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** A client that sends a request that waits (an ask, a wait) and then goes away before the answer, as a crash would. */
public final class LeavingClient {

  private final HttpClient client;
  private final HttpClientRequest request;

  private LeavingClient(HttpClient client, HttpClientRequest request) {
    this.client = client;
    this.request = request;
  }

  /** Sends the request on a connection of its own; completes once it is written. */
  public static Future<LeavingClient> send(Vertx vertx, int port, HttpMethod method, String path,
                                           Map<String, String> headers, JsonObject body) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(path);
    return client.request(options).compose(request -> {
      headers.forEach(request::putHeader);
      request.putHeader("Content-Type", "application/json");
      return request.end(body.toBuffer()).map(sent -> new LeavingClient(client, request));
    });
  }

  /** Closes the connection with the request still unanswered. */
  public Future<Void> leave() {
    return request.connection().close().eventually(() -> client.close());
  }
}
