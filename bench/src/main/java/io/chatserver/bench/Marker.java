package io.chatserver.bench;

/**
 * Finds a benchmark marker such as {@code ~b~SEQ~NANOS~} inside a received frame without parsing JSON:
 * a byte scan of the frame in place. Not thread-safe (one per event loop).
 */
public final class Marker {
  /** Values parsed by the last successful {@link #find}. */
  public long a;
  public long b;
  public long c;

  /**
   * Looks for {@code ~K~n1~n2~} (or {@code ~K~n1~n2~n3~} when {@code three}) where K is {@code kind}
   * in {@code s[off, off+len)}. Returns the kind byte found (any lower-case letter when kind is 0), or 0.
   */
  public byte find(byte[] s, int off, int len, byte kind, boolean three) {
    int end = off + len;
    for (int i = off; i + 3 < end; i++) {
      if (s[i] == '~' && s[i + 2] == '~') {
        byte k = s[i + 1];
        if ((kind == 0 && k >= 'a' && k <= 'z') || k == kind) {
          int p = i + 3;
          long v0 = 0;
          long v1 = 0;
          long v2 = 0;
          int n = three ? 3 : 2;
          boolean ok = true;
          for (int j = 0; j < n; j++) {
            long v = 0;
            int start = p;
            while (p < end && s[p] >= '0' && s[p] <= '9') {
              v = v * 10 + (s[p] - '0');
              p++;
            }
            if (p == start || p >= end || s[p] != '~') {
              ok = false;
              break;
            }
            if (j == 0) {
              v0 = v;
            } else if (j == 1) {
              v1 = v;
            } else {
              v2 = v;
            }
            p++;
          }
          if (ok) {
            a = v0;
            b = v1;
            c = v2;
            return k;
          }
        }
      }
    }
    return 0;
  }

  /** True when the frame starts with the given ASCII prefix. */
  public static boolean startsWith(byte[] s, int off, int len, String prefix) {
    int n = prefix.length();
    if (len < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s[off + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
