package io.chatserver.socketio.engine;

import java.nio.charset.StandardCharsets;

/**
 * A broadcast hands the same String to every receiver, one after the other on each event loop; this
 * remembers the UTF-8 bytes of the last one per thread, so a frame is encoded once per loop instead of
 * once per receiver. Frames are immutable after encoding, so sharing the bytes is safe.
 */
final class Utf8Cache {

  private static final ThreadLocal<Utf8Cache> LOCAL = ThreadLocal.withInitial(Utf8Cache::new);

  private String last;
  private byte[] bytes;

  private Utf8Cache() {}

  static byte[] of(String text) {
    Utf8Cache cache = LOCAL.get();
    if (cache.last != text) {
      cache.bytes = text.getBytes(StandardCharsets.UTF_8);
      cache.last = text;
    }
    return cache.bytes;
  }
}
