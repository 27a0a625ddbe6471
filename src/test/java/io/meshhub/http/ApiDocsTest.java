package io.meshhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Browser;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;

/** Swagger UI at /docs, in a real browser: it loads the hub's own document and offers its key schemes. */
class ApiDocsTest {

  @Test
  void theDocsPageAndTheUiFilesAreServedFromTheHub() {
    RunningHub hub = TestHub.shared();
    Vertx vertx = Vertx.vertx();
    try {
      Api api = new Api(vertx, hub);
      for (String path : List.of("/docs/", "/docs/docs.js", "/docs/ui/swagger-ui-bundle.js",
        "/docs/ui/swagger-ui.css")) {
        HttpResponse<Buffer> served = Blocking.await(api.request(HttpMethod.GET, path).send(), 30, path);
        assertThat(served.statusCode()).as(path).isEqualTo(200);
      }
    } finally {
      Blocking.await(vertx.close(), 30, "the client to close");
    }
  }

  @Test
  void theDocsPageShowsEveryOperationOfTheHubsDocumentAndItsKeySchemes() {
    RunningHub hub = TestHub.shared();
    try (Browser page = Browser.open(hub, Browser.DESKTOP)) {
      page.driver().get("http://127.0.0.1:" + hub.port() + "/docs");
      page.visible(By.cssSelector("[id$='-createTask']"));
      assertThat(page.driver().findElements(By.cssSelector(".opblock")).size())
        .as("operations the page lists").isGreaterThanOrEqualTo(60);
      page.click(By.cssSelector("button.authorize"));
      String schemes = page.visible(By.cssSelector(".auth-container")).getText()
        + page.driver().findElements(By.cssSelector(".auth-container")).stream().map(e -> e.getText())
        .reduce("", String::concat);
      assertThat(schemes).contains("bearerAuth").contains("toolKey");
    }
  }
}
