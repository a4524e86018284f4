package io.chatserver.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options: {@code --name value} or {@code --name=value}. Every option can also be given
 * as an environment variable {@code BENCH_NAME} (upper case, dashes as underscores); the command line wins.
 */
public final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> env;

  public Args(String[] argv, Map<String, String> env) {
    this.env = env;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        value = argv[++i];
      } else {
        value = "true";
      }
      values.put(key, value);
    }
  }

  public String str(String key, String fallback) {
    String v = values.get(key);
    if (v == null) {
      v = env.get("BENCH_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  public int integer(String key, int fallback) {
    return Integer.parseInt(str(key, Integer.toString(fallback)));
  }

  public long lng(String key, long fallback) {
    return Long.parseLong(str(key, Long.toString(fallback)));
  }

  public double dbl(String key, double fallback) {
    return Double.parseDouble(str(key, Double.toString(fallback)));
  }

  public boolean bool(String key, boolean fallback) {
    return Boolean.parseBoolean(str(key, Boolean.toString(fallback)));
  }

  public List<String> list(String key, String fallback) {
    List<String> out = new ArrayList<>();
    for (String s : str(key, fallback).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  public List<Integer> ints(String key, String fallback) {
    List<Integer> out = new ArrayList<>();
    for (String s : list(key, fallback)) {
      out.add(Integer.parseInt(s));
    }
    return out;
  }
}
