package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's clock rules, on a clock the test moves (the socket tests show it end to end). */
class TypingThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TypingThrottle throttle = new TypingThrottle(now::get);
  private final TypingThrottle.Key alicePublic = new TypingThrottle.Key(1, 0);

  private void advanceMs(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void oneTruePerIntervalAndAFalseOnlyAfterAForwardedTrue() {
    assertThat(throttle.admit(alicePublic, false)).isFalse();
    assertThat(throttle.admit(alicePublic, true)).isTrue();
    advanceMs(1999);
    assertThat(throttle.admit(alicePublic, true)).isFalse();
    assertThat(throttle.admit(alicePublic, false)).isTrue();
    assertThat(throttle.admit(alicePublic, false)).isFalse();
    // The interval counts from the last forwarded true, not from the false in between.
    assertThat(throttle.admit(alicePublic, true)).isFalse();
    advanceMs(1);
    assertThat(throttle.admit(alicePublic, true)).isTrue();
  }

  @Test
  void idleEntriesAreEvictedSoMemoryFollowsActivity() {
    for (long user = 1; user <= 1000; user++) {
      throttle.admit(new TypingThrottle.Key(user, 0), true);
    }
    advanceMs(TypingThrottle.IDLE_MS - 1);
    throttle.admit(alicePublic, false); // alice stops typing: touched again
    throttle.evictIdle();
    assertThat(throttle.size()).isEqualTo(1000);
    advanceMs(1);
    throttle.evictIdle();
    assertThat(throttle.size()).isEqualTo(1);
    advanceMs(TypingThrottle.IDLE_MS);
    throttle.evictIdle();
    assertThat(throttle.size()).isZero();
  }
}
