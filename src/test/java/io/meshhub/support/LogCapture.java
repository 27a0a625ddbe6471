package io.meshhub.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Records every log event of the JVM at every level while open, for tests that check what gets logged. */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previousLevel = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.ALL);
  }

  /** Each event as one text: the formatted message, then the full stack trace of its throwable, if any. */
  public synchronized List<String> lines() {
    return List.copyOf(appender.list).stream().map(LogCapture::text).toList();
  }

  private static String text(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    return event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
  }

  /** The events that carry a throwable. */
  public List<ILoggingEvent> withCause() {
    return List.copyOf(appender.list).stream().filter(event -> event.getThrowableProxy() != null).toList();
  }

  @Override
  public void close() {
    root.setLevel(previousLevel);
    root.detachAppender(appender);
    appender.stop();
  }
}
