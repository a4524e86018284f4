package io.chatserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.core.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A remembered token still expires on time, and only tokens that verified are remembered. */
class TokenServiceTest {

  private static final byte[] SECRET = "token-service-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpired() {
    MovableClock clock = new MovableClock();
    TokenService tokens = new TokenService(SECRET, 60, clock);
    String token = tokens.issue(7).token();
    assertThat(tokens.verify(token).userId()).isEqualTo(7);
    assertThat(tokens.verify(token).userId()).isEqualTo(7); // now from memory
    clock.now = clock.now.plus(Duration.ofSeconds(61));
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(ApiException.class);
  }

  @Test
  void aTamperedTokenIsRefusedEvenAfterTheGenuineOneWasRemembered() {
    TokenService tokens = new TokenService(SECRET, 60, Clock.systemUTC());
    String token = tokens.issue(7).token();
    tokens.verify(token);
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(ApiException.class);
  }
}
