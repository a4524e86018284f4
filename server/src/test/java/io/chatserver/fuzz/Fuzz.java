package io.chatserver.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The run's knobs and its randomness. Every generated input comes from a random stream derived from
 * (seed, stream name, index), so one seed gives the same inputs whatever the thread interleaving, and
 * {@code -Dfuzz.seed=N} replays a run.
 */
public final class Fuzz {

  static final long DEFAULT_SEED = 20_110_011L;

  private Fuzz() {}

  public static long seed() {
    String value = System.getProperty("fuzz.seed");
    return value == null || value.isBlank() ? DEFAULT_SEED : Long.parseLong(value.trim());
  }

  public static int count(String property, int defaultValue) {
    String value = System.getProperty(property);
    return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
  }

  static SplittableRandom random(long seed, String stream, long index) {
    long h = seed * 0x9E3779B97F4A7C15L + stream.hashCode();
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + index;
    return new SplittableRandom(h ^ (h >>> 29));
  }

  static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static boolean chance(SplittableRandom random, double p) {
    return random.nextDouble() < p;
  }

  /** Printable, bounded form of an input or answer for a report. */
  static String shorten(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.min(s.length(), 300);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c >= RestRequest.RAW_BYTE_BASE && c <= RestRequest.RAW_BYTE_BASE + 0xff) {
        out.append(String.format("\\x%02x", c - RestRequest.RAW_BYTE_BASE));
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c)
          || Character.getType(c) == Character.FORMAT) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > limit) {
      out.append("...(").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
