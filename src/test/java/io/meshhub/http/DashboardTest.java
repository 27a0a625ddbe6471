package io.meshhub.http;

import static io.meshhub.support.Api.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshhub.support.Api;
import io.meshhub.support.Blocking;
import io.meshhub.support.Browser;
import io.meshhub.support.DirectiveAgents;
import io.meshhub.support.ProcessTest;
import io.meshhub.support.TestDaemon;
import io.meshhub.support.TestOwner;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * The dashboard in a real browser (headless chromium) on the shared hub: the questions inbox, a directive's DAG, a
 * task's live output, the daemons, owner isolation; each view is saved as a screenshot at both sizes of the spec.
 */
class DashboardTest extends ProcessTest {

  private static final Logger log = LoggerFactory.getLogger(DashboardTest.class);

  /** A task of a contract running on a test daemon, and its tool key: an agent that can ask. */
  private record Agent(TestDaemon daemon, UUID taskId, String toolKey) {
  }

  @Test
  void aQuestionIsAnsweredWithOneClickAndVanishesFromEveryPage() {
    TestOwner owner = newOwner();
    Agent agent = agent(owner, "asker");
    try (Browser page = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP);
         Browser other = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP)) {
      long askedAt = System.nanoTime();
      Future<HttpResponse<Buffer>> blocked = ask(agent, new JsonObject().put("question", "Which colour?")
        .put("choices", new JsonArray().add("blue").add("green")).put("context", "the login button"));
      WebElement card = page.visible(By.cssSelector("article.question"));
      log.info("The question's card showed {} ms after the ask was sent", (System.nanoTime() - askedAt) / 1_000_000);
      assertThat(card.getText()).contains("Which colour?", "the login button");
      assertThat(page.driver().findElement(By.id("question-count")).getText()).isEqualTo("1");
      other.visible(By.cssSelector("article.question"));
      page.screenshots("inbox");

      card.findElements(By.cssSelector("button.choice")).stream().filter(button -> "green".equals(button.getText()))
        .findFirst().orElseThrow().click();
      JsonObject answered = expect(Blocking.await(blocked, 30, "the blocked ask"), 200);
      assertThat(answered.getString("response")).isEqualTo("green");
      page.gone(By.cssSelector("article.question"));
      other.gone(By.cssSelector("article.question"));
      other.until(ExpectedConditions.textToBe(By.id("question-count"), "0"));

      Future<HttpResponse<Buffer>> multi = ask(agent, new JsonObject().put("question", "Which platforms?")
        .put("choices", new JsonArray().add("linux").add("mac").add("windows")).put("multiSelect", true));
      WebElement multiCard = page.visible(By.cssSelector("article.question"));
      List<WebElement> boxes = multiCard.findElements(By.cssSelector("input[type=checkbox]"));
      boxes.get(0).click();
      boxes.get(2).click();
      multiCard.findElement(By.cssSelector(".choices.multi button")).click();
      assertThat(expect(Blocking.await(multi, 30, "the multi-select ask"), 200).getString("response"))
        .isEqualTo("linux,windows");
      other.gone(By.cssSelector("article.question"));

      Future<HttpResponse<Buffer>> free = ask(agent, new JsonObject().put("question", "Anything else?"));
      WebElement freeCard = page.visible(By.cssSelector("article.question"));
      freeCard.findElement(By.cssSelector(".free-text input")).sendKeys("ship on Friday");
      freeCard.findElement(By.cssSelector(".free-text button")).click();
      assertThat(expect(Blocking.await(free, 30, "the free-text ask"), 200).getString("response"))
        .isEqualTo("ship on Friday");
      page.gone(By.cssSelector("article.question"));
    } finally {
      Blocking.await(agent.daemon().kill(), 30, "the daemon to go");
    }
  }

  @Test
  void aDiamondDirectiveIsDrawnAndItsStepsChangeColourLive() {
    TestOwner owner = newOwner();
    DirectiveAgents agents = new DirectiveAgents(hub, api, owner);
    DirectiveAgents.Run run = Blocking.await(agents.run(vertx, 2, DirectiveAgents.diamond()), 30, "the directive");
    try (Browser page = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP)) {
      page.show("#/directives/" + run.directiveId());
      page.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("svg.dag g.node"), 4));
      assertThat(page.driver().findElements(By.cssSelector("svg.dag path.edge"))).hasSize(4);
      assertThat(page.driver().findElement(node("A")).getAttribute("data-status")).isEqualTo("running");
      int logged = page.driver().findElements(By.cssSelector("#event-log li")).size();
      page.screenshots("directive");

      Blocking.await(agents.passStep(run, "A"), 30, "step A to pass");
      page.until(ExpectedConditions.attributeToBe(node("A"), "data-status", "passed"));
      page.until(driver -> driver.findElement(node("A")).getAttribute("class").contains("status-passed"));
      page.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#event-log li"), logged));
      page.until(ExpectedConditions.attributeToBe(node("B"), "data-status", "running"));
      page.screenshot("directive-running", Browser.DESKTOP);

      // Only a step that has been judged can be judged again: A.
      Future<JsonObject> judgedAgain = DirectiveAgents.spawned(run, "A - Evaluator");
      page.click(By.cssSelector("#steps button.small"));
      Blocking.await(judgedAgain, 30, "a new evaluator of A");

      page.click(By.id("pause-directive"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".directive-header h1"),
        "paused"));
      page.click(By.id("resume-directive"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".directive-header h1"),
        "active"));
      page.visible(By.id("pause-directive"));

      page.show("#/directives");
      By directiveRow = By.cssSelector("#directive-list tr[data-directive-id='" + run.directiveId() + "']");
      page.until(ExpectedConditions.textToBePresentInElementLocated(directiveRow, "Engine"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(directiveRow, "active"));
      page.screenshots("directives");

      page.click(By.cssSelector("details.create summary"));
      page.visible(By.cssSelector("details.create input")).sendKeys("Made on the page");
      page.driver().findElement(By.cssSelector("details.create textarea")).sendKeys("a goal typed in the form");
      page.driver().findElement(By.cssSelector("details.create button[type=submit]")).click();
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".directive-header h1"),
        "draft"));
      page.click(By.id("start-directive"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".directive-header h1"),
        "planning"));
    } finally {
      Blocking.await(run.daemon().kill(), 30, "the daemon to go");
    }
  }

  @Test
  void aTasksOutputStreamsLineByLineAndTheTaskCanBeCancelled() {
    TestOwner owner = newOwner();
    Agent agent = agent(owner, "streamer");
    try (Browser page = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP)) {
      page.show("#/tasks/" + agent.taskId());
      page.visible(By.cssSelector(".task-header h1"));
      for (int line = 1; line <= 3; line++) {
        agent.daemon().send(new JsonObject().put("type", "taskOutput").put("taskId", agent.taskId().toString())
          .put("messageType", "assistant").put("content", "line " + line));
        int expected = line;
        page.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#output .line"), expected));
        assertThat(page.driver().findElements(By.cssSelector("#output .line")).get(line - 1).getText())
          .isEqualTo("line " + line);
      }
      page.screenshots("task");

      Future<JsonObject> forwarded = agent.daemon().await("sendMessage", agent.taskId());
      page.driver().findElement(By.cssSelector("form.message input")).sendKeys("use the staging database");
      page.driver().findElement(By.cssSelector("form.message button")).click();
      assertThat(Blocking.await(forwarded, 30, "the message").getString("message")).isEqualTo("use the staging database");

      Future<JsonObject> interrupt = agent.daemon().await("interruptTask", agent.taskId());
      page.click(By.id("cancel-task"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".task-header h1"), "cancelled"));
      Blocking.await(interrupt, 30, "the daemon to be told to stop the task");
      page.visible(By.id("retry-task"));

      page.show("#/tasks");
      By taskRow = By.cssSelector("#task-list tr[data-task-id='" + agent.taskId() + "']");
      page.until(ExpectedConditions.textToBePresentInElementLocated(taskRow, "streamer"));
      page.until(ExpectedConditions.textToBePresentInElementLocated(taskRow, "cancelled"));
      page.screenshots("tasks");
      page.driver().findElement(By.cssSelector("details.create summary")).click();
      page.visible(By.cssSelector("input[name=name]")).sendKeys("from the page");
      page.driver().findElement(By.cssSelector("textarea[name=plan]")).sendKeys("made with the form");
      page.driver().findElement(By.cssSelector("details.create button[type=submit]")).click();
      page.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".task-header h1"),
        "from the page"));
      assertThat(page.driver().getCurrentUrl()).contains("#/tasks/");
      page.show("#/daemons");
      // The cancelled task gave its slot back; the task made with the form went to the daemon (live, no reload).
      By daemonRow = By.cssSelector("tr[data-daemon-id='" + agent.daemon().daemonId() + "']");
      page.until(ExpectedConditions.textToBePresentInElementLocated(daemonRow, "1 / 2"));
      assertThat(page.driver().findElement(daemonRow).getText()).contains("connected");
      page.screenshots("daemons");
    } finally {
      Blocking.await(agent.daemon().kill(), 30, "the daemon to go");
    }
  }

  @Test
  void anotherOwnersPageShowsNoneOfTheOwnersWork() {
    TestOwner owner = newOwner();
    TestOwner stranger = newOwner();
    Agent agent = agent(owner, "private work");
    String directiveId = expect(Blocking.await(api.post(owner.apiKey(), "/api/v1/directives", new JsonObject()
      .put("title", "Private plan").put("goal", "nobody else's business")), 30, "a directive"), 201).getString("id");
    try (Browser mine = Browser.signedIn(hub, owner.apiKey(), Browser.DESKTOP);
         Browser theirs = Browser.signedIn(hub, stranger.apiKey(), Browser.DESKTOP)) {
      Future<HttpResponse<Buffer>> blocked = ask(agent, new JsonObject().put("question", "Secret question?")
        .put("choices", new JsonArray().add("yes")));
      mine.visible(By.cssSelector("article.question"));
      agent.daemon().send(new JsonObject().put("type", "taskOutput").put("taskId", agent.taskId().toString())
        .put("messageType", "assistant").put("content", "secret output"));
      // The owner's page gets the output: by then the stranger's socket has had every chance to get it too.
      mine.show("#/tasks/" + agent.taskId());
      mine.visible(By.cssSelector("#output .line"));

      assertThat(theirs.driver().findElements(By.cssSelector("article.question"))).isEmpty();
      assertThat(theirs.driver().findElement(By.id("question-count")).getText()).isEqualTo("0");
      theirs.show("#/tasks");
      theirs.visible(By.cssSelector("#task-list tr.none"));
      assertThat(theirs.driver().findElement(By.id("task-list")).getText()).doesNotContain("private work");
      theirs.show("#/directives");
      theirs.visible(By.cssSelector("#directive-list tr.none"));
      assertThat(theirs.driver().findElement(By.id("directive-list")).getText()).doesNotContain("Private plan");
      theirs.show("#/tasks/" + agent.taskId());
      assertThat(theirs.visible(By.id("error")).getText()).contains("NOT_FOUND");
      theirs.show("#/directives/" + directiveId);
      theirs.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "NOT_FOUND"));
      assertThat(theirs.driver().getPageSource()).doesNotContain("secret output", "Secret question?",
        "nobody else's business");

      mine.driver().findElements(By.cssSelector("a[href='#/inbox']")).get(0).click();
      mine.visible(By.cssSelector("button.choice")).click();
      Blocking.await(blocked, 30, "the ask");
    } finally {
      Blocking.await(agent.daemon().kill(), 30, "the daemon to go");
    }
  }

  @Test
  void aBadKeyIsRefusedWithTheHubsMessage() {
    try (Browser page = Browser.open(hub, Browser.PHONE)) {
      page.show("");
      page.visible(By.id("api-key")).sendKeys("mh_not_a_real_key");
      page.driver().findElement(By.cssSelector("#sign-in button[type=submit]")).click();
      assertThat(page.visible(By.id("error")).getText()).startsWith("UNAUTHORIZED");
      assertThat(page.driver().findElement(By.id("bar")).isDisplayed()).isFalse();
      page.screenshots("sign-in");
    }
  }

  private static By node(String step) {
    return By.xpath("//*[local-name()='g'][contains(@class,'node')][*[local-name()='title'][starts-with(., '"
      + step + ":')]]");
  }

  /** A contract task on a new test daemon of the owner, reported running. */
  private static Agent agent(TestOwner owner, String name) {
    String contractId = Blocking.await(api.createContract(owner, "dashboard"), 30, "a contract");
    TestDaemon daemon = Blocking.await(TestDaemon.connect(vertx, hub.port(), owner.apiKey(), 2), 30, "a daemon");
    JsonObject task = Blocking.await(api.createTask(owner, Api.task(name).put("contractId", contractId)), 30,
      "a task");
    UUID taskId = UUID.fromString(task.getString("id"));
    JsonObject spawn = Blocking.await(daemon.await("spawnTask", taskId), 30, "the spawn");
    daemon.reportRunning(taskId);
    return new Agent(daemon, taskId, spawn.getString("toolKey"));
  }

  private static Future<HttpResponse<Buffer>> ask(Agent agent, JsonObject question) {
    return api.request(HttpMethod.POST, "/api/v1/mesh/supervisor/questions").putHeader("X-Tool-Key", agent.toolKey())
      .sendJsonObject(question.put("timeoutSeconds", 60));
  }
}
