package io.chatserver.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Watches the node's log while a fuzzer runs: an ERROR from our code means a failure the node did
 * not expect (an unmapped exception behind a well-formed answer, a handler that threw), which
 * malformed input must never cause. Each one becomes a finding.
 */
public final class ServerErrors extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final Findings findings;
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  public ServerErrors(Findings findings) {
    this.findings = findings;
    setName("fuzz-server-errors");
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    String logger = event.getLoggerName();
    if (!event.getLevel().isGreaterOrEqual(Level.ERROR)
        || !(logger.startsWith("io.chatserver") || logger.startsWith("io.vertx") || logger.startsWith("io.netty"))) {
      return;
    }
    IThrowableProxy cause = event.getThrowableProxy();
    String kind = cause == null ? event.getMessage()
        : cause.getClassName() + ": " + String.valueOf(cause.getMessage()).split("[:'%0-9]")[0].strip();
    findings.add("the node logged an ERROR (" + logger + ": " + Fuzz.shorten(kind) + ")",
        "thread " + event.getThreadName(),
        Fuzz.shorten(event.getFormattedMessage()) + (cause == null ? "" : " / " + Fuzz.shorten(cause.getMessage())));
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
