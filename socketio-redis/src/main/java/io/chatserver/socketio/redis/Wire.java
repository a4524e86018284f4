package io.chatserver.socketio.redis;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.parser.EncodedPacket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How packets, targets and socket snapshots cross Redis: small JSON documents. */
final class Wire {

  private Wire() {}

  static JsonObject packet(EncodedPacket p) {
    JsonObject json = new JsonObject().put("text", p.engineText());
    if (p.attachments() != null) {
      JsonArray attachments = new JsonArray();
      for (Buffer b : p.attachments()) {
        attachments.add(Base64.getEncoder().encodeToString(b.getBytes()));
      }
      json.put("attachments", attachments);
    }
    return json;
  }

  static EncodedPacket packet(JsonObject json) {
    JsonArray attachments = json.getJsonArray("attachments");
    Buffer[] buffers = null;
    if (attachments != null) {
      buffers = new Buffer[attachments.size()];
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = Buffer.buffer(Base64.getDecoder().decode(attachments.getString(i)));
      }
    }
    return new EncodedPacket(json.getString("text"), buffers);
  }

  static JsonObject target(BroadcastOptions o) {
    JsonObject json = new JsonObject().put("rooms", new JsonArray(List.copyOf(o.rooms())))
        .put("except", new JsonArray(List.copyOf(o.except())));
    return o.dropWhenBehind() ? json.put("volatile", true) : json;
  }

  /** The same target, restricted to the receiving node. */
  static BroadcastOptions localTarget(JsonObject json) {
    return new BroadcastOptions(strings(json.getJsonArray("rooms")), strings(json.getJsonArray("except")), true,
        json.getBoolean("volatile", false));
  }

  static Set<String> strings(JsonArray array) {
    Set<String> out = new HashSet<>();
    if (array != null) {
      for (Object o : array) {
        out.add((String) o);
      }
    }
    return out;
  }

  /** Only what a querying node needs: never the handshake (auth token, query, headers). */
  static JsonObject socket(SocketInfo s) {
    return new JsonObject()
        .put("id", s.id())
        .put("namespace", s.namespace())
        .put("rooms", new JsonArray(List.copyOf(s.rooms())))
        .put("data", s.data());
  }

  static SocketInfo socket(JsonObject json) {
    return new SocketInfo(json.getString("id"), json.getString("namespace"),
        strings(json.getJsonArray("rooms")), json.getJsonObject("data"));
  }
}
