package io.chatserver.edge;

import java.time.Instant;
import java.time.LocalDate;

/** How both edges write a point in time. */
public final class Timestamps {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Timestamps() {}

  /**
   * UTC ISO-8601 with a Z suffix (milliseconds only when non-zero), exactly as {@link Instant#toString()}
   * writes it. Written by hand for years 0-9999: every message object carries one or two, and
   * {@code Instant.toString()} (a general formatter) was a tenth of the CPU of a page of history.
   */
  public static String of(long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int msOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return Instant.ofEpochMilli(epochMillis).toString();
    }
    int millis = msOfDay % 1000;
    int secondOfDay = msOfDay / 1000;
    byte[] out = new byte[millis == 0 ? 20 : 24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    if (millis != 0) {
      out[19] = '.';
      digits(out, 20, millis, 3);
    }
    out[out.length - 1] = 'Z';
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
