package io.meshhub.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every log event of the JVM at every level while open, for tests that check what gets logged or wait for
 * a line the hub logs when something happened that nothing else shows.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previousLevel = root.getLevel();
  private final Recorder recorder = new Recorder();

  public LogCapture() {
    recorder.start();
    root.addAppender(recorder);
    root.setLevel(Level.ALL);
  }

  /** Each event as one text: the formatted message, then the full stack trace of its throwable, if any. */
  public List<String> lines() {
    return recorder.events().stream().map(LogCapture::text).toList();
  }

  /**
   * Each event as the JSON line {@code logging.format=json} writes: encoded by the encoder that
   * {@code conf/logback-json.xml} configures.
   */
  public List<String> jsonLines() {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(new File("conf/logback-json.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("conf/logback-json.xml does not configure", e);
    }
    Logger json = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) json.getAppender("STDOUT")).getEncoder();
    List<String> lines = recorder.events().stream()
      .map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8).trim()).toList();
    context.stop();
    return lines;
  }

  /** The events that carry a throwable. */
  public List<ILoggingEvent> withCause() {
    return recorder.events().stream().filter(event -> event.getThrowableProxy() != null).toList();
  }

  /** Completes with the first line (logged before or after this call) that matches. */
  public Future<String> await(Predicate<String> matches) {
    return recorder.await(matches);
  }

  private static String text(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    return event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
  }

  @Override
  public void close() {
    root.setLevel(previousLevel);
    root.detachAppender(recorder);
    recorder.stop();
  }

  private static final class Recorder extends AppenderBase<ILoggingEvent> {

    private record Waiter(Predicate<String> matches, Promise<String> promise) {
    }

    private final List<ILoggingEvent> events = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    @Override
    protected synchronized void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
      String line = text(event);
      waiters.removeIf(waiter -> waiter.matches().test(line) && waiter.promise().tryComplete(line));
    }

    synchronized List<ILoggingEvent> events() {
      return List.copyOf(events);
    }

    synchronized Future<String> await(Predicate<String> matches) {
      Promise<String> promise = Promise.promise();
      events.stream().map(LogCapture::text).filter(matches).findFirst().ifPresentOrElse(promise::complete,
        () -> waiters.add(new Waiter(matches, promise)));
      return promise.future();
    }
  }
}
