package io.chatserver.socketio.parser;

import io.vertx.core.json.JsonArray;

/**
 * A Socket.IO v5 packet. {@code data} is a JsonObject (CONNECT / CONNECT_ERROR), a JsonArray
 * (EVENT: [name, args...]; ACK: [args...]) or null. Binary values inside data are
 * {@link io.vertx.core.buffer.Buffer}s; the codec turns them into attachments and back.
 *
 * @param id ack id, or -1 when absent
 */
public record Packet(int type, String nsp, long id, Object data) {
  public static final int CONNECT = 0;
  public static final int DISCONNECT = 1;
  public static final int EVENT = 2;
  public static final int ACK = 3;
  public static final int CONNECT_ERROR = 4;
  public static final int BINARY_EVENT = 5;
  public static final int BINARY_ACK = 6;

  public static Packet event(String nsp, String event, Object[] args) {
    JsonArray data = new JsonArray();
    data.add(event);
    for (Object a : args) data.add(a);
    return new Packet(EVENT, nsp, -1, data);
  }
}
