package io.meshhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.core.RequestIds;
import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.ClientTest;
import io.meshhub.support.LogCapture;
import io.meshhub.support.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/** With logging.format=json, a request's log line is one JSON object that carries its request id as a field. */
class JsonLogsTest extends ClientTest {

  @Test
  void aRequestsJsonLogLineCarriesItsRequestIdAsAField() {
    Api api = new Api(vertx, TestHub.shared());
    String requestId = "json-log-" + UUID.randomUUID();
    try (LogCapture logs = new LogCapture()) {
      Blocking.await(api.request(HttpMethod.GET, "/openapi.yaml").putHeader(RequestIds.HEADER, requestId).send()
        .compose(sent -> logs.await(line -> line.contains(requestId))), 30, "the request's log line");
      List<JsonObject> lines = logs.jsonLines().stream().filter(line -> line.contains(requestId))
        .map(JsonObject::new).toList();
      assertThat(lines).isNotEmpty();
      JsonObject line = lines.get(0);
      assertThat(line.getString("formattedMessage")).contains("GET /openapi.yaml -> 200");
      assertThat(line.getString("loggerName")).isEqualTo(RequestIds.class.getName());
      assertThat(line.getJsonArray("kvpList").stream().map(JsonObject.class::cast)
        .map(pair -> pair.getString("requestId"))).contains(requestId);
    }
  }
}
