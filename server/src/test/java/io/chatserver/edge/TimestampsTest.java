package io.chatserver.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written format must be {@link Instant#toString()}'s, byte for byte, wherever it is used. */
class TimestampsTest {

  @Test
  void writesWhatInstantWrites() {
    long[] edges = {0, 1, 999, 1000, -1, -1000, -1001, 86_399_999L, 86_400_000L, 951_782_400_000L /* 2000-02-29 */,
        253_402_300_799_999L /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000L /* year 10000 */,
        -62_167_219_200_000L /* 0000-01-01 */, -62_167_219_200_001L /* year -1 */, System.currentTimeMillis()};
    for (long t : edges) {
      assertThat(Timestamps.of(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long t = random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
      if (i % 3 == 0) t -= t % 1000; // whole seconds print no fraction
      assertThat(Timestamps.of(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
    }
  }
}
