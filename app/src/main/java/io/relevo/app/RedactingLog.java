package io.relevo.app;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.relevo.kb.Redaction;

/**
 * Logback converters that keep personal data out of the log whatever a log statement or an
 * exception message carries: e-mail addresses, phone and card numbers become {@code [email]},
 * {@code [phone]} and {@code [card]} (see {@link Redaction}). Used by {@code logback.xml} as
 * {@code %redactedMsg} and {@code %redactedEx}. Stateless and thread-safe.
 */
public final class RedactingLog {

  private RedactingLog() {
  }

  /** {@code %redactedMsg}: the formatted message, redacted. */
  public static final class Message extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return Redaction.redact(super.convert(event));
    }
  }

  /** {@code %redactedEx}: the stack trace with its messages redacted. */
  public static final class Throwable extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy tp) {
      return Redaction.redact(super.throwableProxyToString(tp));
    }
  }
}
