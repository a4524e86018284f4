package io.chatserver.socketio.parser;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-connection Socket.IO decoder. Text packets decode at once, except binary ones, which wait for
 * their attachments (the following binary Engine.IO messages).
 */
public final class PacketDecoder {
  private static final Set<String> RESERVED =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  private static final int MAX_ATTACHMENTS = 1000;

  private final long maxAttachmentBytes;
  private Packet pendingBinary;
  private int expected;
  private long attachmentBytes;
  private List<Buffer> buffers;

  /** No bound on the total size of one packet's attachments (each is bounded by the transport). */
  public PacketDecoder() {
    this(Long.MAX_VALUE);
  }

  /** @param maxAttachmentBytes bound on the summed size of one packet's attachments */
  public PacketDecoder(long maxAttachmentBytes) {
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  /** Returns the packet, or null when it waits for attachments. */
  public Packet decodeText(String s) throws ParseException {
    if (pendingBinary != null) throw new ParseException("got text while waiting for attachments");
    int len = s.length();
    if (len == 0) throw new ParseException("empty packet");
    int type = s.charAt(0) - '0';
    if (type < 0 || type > 6) throw new ParseException("unknown packet type");
    int i = 1;
    int attachments = 0;
    if (type == Packet.BINARY_EVENT || type == Packet.BINARY_ACK) {
      int start = i;
      while (i < len && isAsciiDigit(s.charAt(i))) i++;
      if (i == start || i >= len || s.charAt(i) != '-' || i - start > 4) throw new ParseException("illegal attachments");
      attachments = Integer.parseInt(s, start, i, 10);
      if (attachments > MAX_ATTACHMENTS) throw new ParseException("too many attachments");
      i++;
    }
    String nsp = "/";
    if (i < len && s.charAt(i) == '/') {
      int end = s.indexOf(',', i);
      if (end < 0) end = len;
      nsp = s.substring(i, end);
      i = end < len ? end + 1 : end;
    }
    long id = -1;
    if (i < len && isAsciiDigit(s.charAt(i))) {
      int start = i;
      while (i < len && isAsciiDigit(s.charAt(i))) i++;
      if (i - start > 15) throw new ParseException("ack id too long");
      id = Long.parseLong(s, start, i, 10);
    }
    Object data = null;
    if (i < len) {
      try {
        data = Json.decodeValue(s.substring(i));
      } catch (DecodeException e) {
        throw new ParseException("invalid payload");
      }
    }
    validate(type, data, id);
    Packet p = new Packet(type, nsp, id, data);
    if (type == Packet.BINARY_EVENT || type == Packet.BINARY_ACK) {
      if (attachments == 0) return reconstruct(p, List.of());
      pendingBinary = p;
      expected = attachments;
      attachmentBytes = 0;
      buffers = new ArrayList<>(attachments);
      return null;
    }
    return p;
  }

  /** Counts and ids are ASCII digits: {@link Character#isDigit} would take other scripts' digits too. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Feeds one attachment; returns the completed packet or null while more are expected. */
  public Packet decodeBinary(Buffer b) throws ParseException {
    if (pendingBinary == null) throw new ParseException("unexpected binary data");
    attachmentBytes += b.length();
    if (attachmentBytes > maxAttachmentBytes) throw new ParseException("attachments too large");
    buffers.add(b);
    if (buffers.size() < expected) return null;
    Packet p = reconstruct(pendingBinary, buffers);
    pendingBinary = null;
    buffers = null;
    return p;
  }

  private static void validate(int type, Object data, long id) throws ParseException {
    boolean ok = switch (type) {
      case Packet.CONNECT -> data == null || data instanceof JsonObject;
      case Packet.DISCONNECT -> data == null;
      case Packet.CONNECT_ERROR -> data instanceof JsonObject || data instanceof String;
      case Packet.EVENT, Packet.BINARY_EVENT -> data instanceof JsonArray a && !a.isEmpty()
          && (a.getValue(0) instanceof Number
              || a.getValue(0) instanceof String name && !RESERVED.contains(name));
      case Packet.ACK, Packet.BINARY_ACK -> data instanceof JsonArray && id >= 0;
      default -> false;
    };
    if (!ok) throw new ParseException("invalid payload for type " + type);
  }

  private static Packet reconstruct(Packet p, List<Buffer> atts) throws ParseException {
    Object data = replace(p.data(), atts);
    return new Packet(p.type() == Packet.BINARY_EVENT ? Packet.EVENT : Packet.ACK, p.nsp(), p.id(), data);
  }

  private static Object replace(Object v, List<Buffer> atts) throws ParseException {
    if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        Object e = a.getValue(i);
        Object r = replace(e, atts);
        if (r != e) a.set(i, r);
      }
      return a;
    }
    if (v instanceof JsonObject o) {
      if (Boolean.TRUE.equals(o.getValue("_placeholder")) && o.getValue("num") instanceof Number n) {
        int num = n.intValue();
        if (num < 0 || num >= atts.size()) throw new ParseException("illegal attachment index");
        return atts.get(num);
      }
      for (Map.Entry<String, Object> e : o.getMap().entrySet()) {
        Object val = o.getValue(e.getKey());
        Object r = replace(val, atts);
        if (r != val) e.setValue(r);
      }
      return o;
    }
    return v;
  }
}
