package io.chatserver.socketio.redis;

import io.chatserver.socketio.Handshake;
import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.parser.EncodedPacket;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    return new JsonObject().put("rooms", new JsonArray(List.copyOf(o.rooms())))
        .put("except", new JsonArray(List.copyOf(o.except())));
  }

  /** The same target, restricted to the receiving node. */
  static BroadcastOptions localTarget(JsonObject json) {
    return new BroadcastOptions(strings(json.getJsonArray("rooms")), strings(json.getJsonArray("except")), true);
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

  static JsonObject socket(SocketInfo s) {
    Handshake h = s.handshake();
    return new JsonObject()
        .put("id", s.id())
        .put("namespace", s.namespace())
        .put("rooms", new JsonArray(List.copyOf(s.rooms())))
        .put("data", s.data())
        .put("handshake", new JsonObject()
            .put("auth", h.auth())
            .put("query", multiMap(h.query()))
            .put("headers", multiMap(h.headers()))
            .put("address", h.address())
            .put("issued", h.issued())
            .put("url", h.url())
            .put("secure", h.secure()));
  }

  static SocketInfo socket(JsonObject json) {
    JsonObject h = json.getJsonObject("handshake");
    Handshake handshake = new Handshake(h.getJsonObject("auth"), multiMap(h.getJsonObject("query")),
        multiMap(h.getJsonObject("headers")), h.getString("address"), h.getLong("issued"), h.getString("url"),
        h.getBoolean("secure"));
    return new SocketInfo(json.getString("id"), json.getString("namespace"),
        strings(json.getJsonArray("rooms")), json.getJsonObject("data"), handshake);
  }

  private static JsonObject multiMap(MultiMap map) {
    JsonObject json = new JsonObject();
    if (map != null) {
      for (String name : map.names()) {
        json.put(name, new JsonArray(map.getAll(name)));
      }
    }
    return json;
  }

  private static MultiMap multiMap(JsonObject json) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, Object> e : json) {
      List<String> values = new ArrayList<>();
      for (Object v : (JsonArray) e.getValue()) {
        values.add((String) v);
      }
      map.add(e.getKey(), values);
    }
    return map;
  }
}
