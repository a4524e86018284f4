package io.chatserver.socketio;

import java.util.Arrays;

/**
 * Per series of sequenced broadcasts, the last position one socket was given: what lets the socket drop
 * a repeat, or a position below one it had, whatever path brought it (the node's live order, a
 * recovery's replay from the store). It is what the server wrote, not what the client read (frames in
 * flight are lost with a connection), so a recovered socket starts without it: there the client's offset
 * says what it has. A socket follows few series, so two small arrays scanned linearly beat a map. Used
 * on the socket's context only.
 */
final class SeriesPositions {

  private String[] keys = new String[2];
  private long[] last = new long[2];
  private int size;

  /** Records {@code position} and answers true, unless the socket already had it or a later one. */
  boolean advance(String key, long position) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        if (position <= last[i]) return false;
        last[i] = position;
        return true;
      }
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      last = Arrays.copyOf(last, size * 2);
    }
    keys[size] = key;
    last[size++] = position;
    return true;
  }
}
