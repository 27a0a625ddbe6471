package io.meshhub.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A page of the dashboard in a real browser: Debian's chromium, headless, driven through its chromedriver. Waits
 * are Selenium's: until the page shows what is expected, or the limit.
 */
public final class Browser implements AutoCloseable {

  public static final Dimension DESKTOP = new Dimension(1280, 800);
  public static final Dimension PHONE = new Dimension(390, 844);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final String url;

  private Browser(ChromeDriver driver, String url) {
    this.driver = driver;
    this.url = url;
  }

  /** A browser window of this size on the hub's dashboard, signed in with the API key. */
  public static Browser signedIn(RunningHub hub, String apiKey, Dimension size) {
    Browser browser = open(hub, size);
    browser.signIn(apiKey);
    return browser;
  }

  public static Browser open(RunningHub hub, Dimension size) {
    ChromeOptions options = new ChromeOptions().setBinary(executable("chromium", "/usr/bin/chromium"))
      // As root in a container, chromium needs --no-sandbox; the network flags keep it from calling home.
      .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=" + size.getWidth() + "," + size.getHeight());
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver"))).build();
    Browser browser = new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + hub.port() + "/");
    browser.viewport(size);
    return browser;
  }

  private static String executable(String name, String fallback) {
    String path = System.getProperty("meshhub.test." + name, fallback);
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(name + " not found at " + path + ": the dashboard's tests need Debian's chromium "
        + "and chromium-driver (.ci/run installs them), or -Dmeshhub.test." + name + "=<path>");
    }
    return path;
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void signIn(String apiKey) {
    driver.get(url);
    visible(By.id("api-key")).sendKeys(apiKey);
    driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    visible(By.id("bar"));
    until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
  }

  /** Goes to a view of the dashboard: {@code #/tasks}, {@code #/directives/<id>}, … */
  public void show(String hash) {
    driver.get(url + hash);
  }

  public WebElement visible(By locator) {
    return until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Clicks what the locator finds once it shows, again if the page redrew it just then. */
  public void click(By locator) {
    until(driver -> {
      WebElement element = driver.findElement(locator);
      if (!element.isDisplayed()) {
        return false;
      }
      element.click();
      return true;
    });
  }

  public void gone(By locator) {
    until(ExpectedConditions.invisibilityOfElementLocated(locator));
  }

  public <T> T until(ExpectedCondition<T> condition) {
    // The page redraws what changed: an element found a moment ago may have been replaced since.
    return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
      .until(condition);
  }

  /** Resizes the window and saves what it shows as {@code target/screenshots/<name>-<width>x<height>.png}. */
  public Path screenshot(String name, Dimension size) {
    viewport(size);
    Path file = SCREENSHOTS.resolve(name + "-" + size.getWidth() + "x" + size.getHeight() + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Sizes the window so that the page itself (the viewport) has this size. */
  public void viewport(Dimension size) {
    driver.manage().window().setSize(size);
    long width = ((Number) driver.executeScript("return window.innerWidth")).longValue();
    long height = ((Number) driver.executeScript("return window.innerHeight")).longValue();
    driver.manage().window().setSize(new Dimension((int) (2L * size.getWidth() - width),
      (int) (2L * size.getHeight() - height)));
  }

  /** Both sizes of the spec, the window left at the desktop size. */
  public void screenshots(String name) {
    screenshot(name, PHONE);
    screenshot(name, DESKTOP);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
