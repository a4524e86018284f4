package io.chatserver.socketio.parser;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stateless Socket.IO encoder; binary values are swapped for {"_placeholder":true,"num":N}. */
public final class PacketEncoder {
  private PacketEncoder() {}

  public static EncodedPacket encode(Packet p) {
    Object data = p.data();
    int type = p.type();
    List<Buffer> attachments = null;
    if ((type == Packet.EVENT || type == Packet.ACK) && hasBinary(data)) {
      attachments = new ArrayList<>(2);
      data = deconstruct(data, attachments);
      type = type == Packet.EVENT ? Packet.BINARY_EVENT : Packet.BINARY_ACK;
    }
    StringBuilder sb = new StringBuilder(64).append('4').append(type);
    if (attachments != null) sb.append(attachments.size()).append('-');
    if (p.nsp() != null && !"/".equals(p.nsp())) sb.append(p.nsp()).append(',');
    if (p.id() >= 0) sb.append(p.id());
    if (data != null) {
      if (data instanceof JsonArray a) {
        sb.append(a.encode());
      } else if (data instanceof JsonObject o) {
        sb.append(o.encode());
      } else {
        sb.append(io.vertx.core.json.Json.encode(data));
      }
    }
    return new EncodedPacket(sb.toString(), attachments == null ? null : attachments.toArray(new Buffer[0]));
  }

  static boolean hasBinary(Object v) {
    // Leaves first: these are classes, checked by one compare, where Buffer, List and Map are interfaces
    // that JDK 17 checks by scanning the value's interfaces (a third of this method's time on message payloads).
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) return false;
    if (v instanceof Buffer || v instanceof byte[]) return true;
    if (v instanceof JsonArray a) return hasBinary(a.getList());
    if (v instanceof JsonObject o) return hasBinary(o.getMap());
    if (v instanceof List<?> l) {
      for (Object e : l) if (hasBinary(e)) return true;
    } else if (v instanceof Map<?, ?> m) {
      for (Object e : m.values()) if (hasBinary(e)) return true;
    }
    return false;
  }

  private static Object deconstruct(Object v, List<Buffer> out) {
    if (v instanceof Buffer b) return placeholder(b, out);
    if (v instanceof byte[] bytes) return placeholder(Buffer.buffer(bytes), out);
    if (v instanceof JsonArray a) return deconstruct(a.getList(), out);
    if (v instanceof JsonObject o) return deconstruct(o.getMap(), out);
    if (v instanceof List<?> l) {
      JsonArray copy = new JsonArray(new ArrayList<>(l.size()));
      for (Object e : l) copy.add(deconstruct(e, out));
      return copy;
    }
    if (v instanceof Map<?, ?> m) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<?, ?> e : m.entrySet()) copy.put(String.valueOf(e.getKey()), deconstruct(e.getValue(), out));
      return copy;
    }
    return v;
  }

  private static JsonObject placeholder(Buffer b, List<Buffer> out) {
    JsonObject ph = new JsonObject().put("_placeholder", true).put("num", out.size());
    out.add(b);
    return ph;
  }
}
