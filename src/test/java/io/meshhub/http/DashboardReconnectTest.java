package io.meshhub.http;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Browser;
import io.meshhub.support.RunningHub;
import io.meshhub.support.TestHub;
import io.meshhub.support.TestOwner;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

/**
 * A dashboard whose hub goes away and comes back: its events socket says it is reconnecting, connects again by
 * itself, and the page shows what changed without a reload.
 */
class DashboardReconnectTest {

  @Test
  void thePageReconnectsByItselfAndShowsWhatChanged() {
    TestHub.OwnHub own = TestHub.OwnHub.create().with(Map.of("http.port", TestHub.OwnHub.freePort()));
    Vertx vertx = Vertx.vertx();
    RunningHub hub = own.start();
    try {
      Api api = new Api(vertx, hub);
      TestOwner owner = Blocking.await(api.newOwner(), 30, "an owner");
      try (Browser page = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP)) {
        page.show("#/tasks");
        page.visible(By.cssSelector("#task-list tr.none"));

        hub.stop();
        page.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "reconnecting"));
        hub = own.start();
        // Made as the page reconnects: it shows up either because the page caught up or because it was live again.
        String taskId = Blocking.await(new Api(vertx, hub).createTask(owner, Api.task("after the restart")), 30,
          "a task").getString("id");
        page.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        page.visible(By.cssSelector("#task-list tr[data-task-id='" + taskId + "']"));
      }
    } finally {
      hub.stop();
      vertx.close();
    }
  }
}
