package io.chatserver.edge;

import java.time.Instant;

/** How both edges write a point in time. */
public final class Timestamps {

  private Timestamps() {}

  /** UTC ISO-8601 with a Z suffix (milliseconds only when non-zero). */
  public static String of(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
