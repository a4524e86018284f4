package io.chatserver.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO packet a fuzz session sends: text (the type character and payload, as UTF-8 bytes that
 * may be invalid) or binary, and how it goes on the wire. Over WebSocket a packet is one frame, over
 * polling one entry of a POST payload (binary as 'b' + base64).
 */
record EngineFrame(boolean binary, byte[] data, Wire wire) {

  /** WebSocket framing oddities; over polling they have payload-level counterparts or none. */
  enum Wire {
    PLAIN,
    /** Split into a first frame and continuation frames (valid). */
    FRAGMENTED,
    /** Sent with a reserved opcode (3-7, 11-15). */
    RESERVED_OPCODE,
    /** Reserved bits set (no extension was negotiated). */
    RESERVED_BITS,
    /** Not masked, which a client must do. */
    UNMASKED,
    /** A continuation frame with no message started. */
    LONE_CONTINUATION,
    /** Preceded by a ping frame with 200 bytes (control frames have at most 125). */
    BIG_PING,
    /** Followed by a close frame with a 1-byte payload. */
    BAD_CLOSE,
    /** The header announces 2^40 bytes. */
    HUGE_LENGTH,
    /** Text sent as a binary frame or binary as a text frame. */
    SWAPPED_TYPE
  }

  static EngineFrame text(String text) {
    return new EngineFrame(false, text.getBytes(StandardCharsets.UTF_8), Wire.PLAIN);
  }

  EngineFrame withData(byte[] newData) {
    return new EngineFrame(binary, newData, wire);
  }

  EngineFrame withWire(Wire newWire) {
    return new EngineFrame(binary, data, newWire);
  }

  String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  String describe() {
    String shown = binary ? "binary " + java.util.Base64.getEncoder().encodeToString(
        java.util.Arrays.copyOf(data, Math.min(data.length, 60))) : Fuzz.shorten(text());
    return (wire == Wire.PLAIN ? "" : wire + " ") + shown + (data.length > 300 ? " (" + data.length + " bytes)" : "");
  }
}
