package io.chatserver.fuzz;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An Engine.IO session over HTTP long-polling: packets go out in one POST payload (joined by the
 * record separator, binary as 'b' + base64), come back from GETs. The WebSocket framing oddities of
 * {@link EngineFrame.Wire} become payload oddities here (empty entries, bad base64, a client ping or
 * close packet slipped in, a payload over the size limit). Every HTTP answer is checked: a POST
 * answers "ok" or a JSON error, a GET a payload or a JSON error.
 */
final class PollingLink implements EngineLink {

  static final int MAX_PAYLOAD = 1_000_000;
  private static final byte SEPARATOR = 0x1e;

  private final int port;
  private final String sid;
  private final String open;
  private final List<String> problems = new ArrayList<>();
  private boolean closed;

  private PollingLink(int port, String sid, String open) {
    this.port = port;
    this.sid = sid;
    this.open = open;
  }

  static PollingLink open(int port, int timeoutMs) throws IOException {
    RawHttp.Response r = RawHttp.exchange(port, head("GET", "", 0, port), new byte[0], false, timeoutMs);
    String body = r.bodyText();
    if (r.status() != 200 || !body.startsWith("0{")) {
      throw new IOException("polling handshake answered " + r.status() + " " + Fuzz.shorten(body));
    }
    String sid = new JsonObject(body.substring(1).split("\u001e")[0]).getString("sid");
    return new PollingLink(port, sid, body);
  }

  private static byte[] head(String method, String sid, int length, int port) {
    return (method + " /socket.io/?EIO=4&transport=polling" + (sid.isEmpty() ? "" : "&sid=" + sid) + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
        + (method.equals("POST") ? "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + length + "\r\n" : "")
        + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public String open() {
    return open;
  }

  String sid() {
    return sid;
  }

  @Override
  public String transport() {
    return "polling";
  }

  /** Problems with HTTP answers seen so far (taken: each is reported once). */
  List<String> takeProblems() {
    List<String> taken = List.copyOf(problems);
    problems.clear();
    return taken;
  }

  @Override
  public void send(List<EngineFrame> frames) throws IOException {
    if (closed || frames.isEmpty()) {
      return;
    }
    post(payload(frames));
  }

  private void post(byte[] payload) throws IOException {
    RawHttp.Response r;
    try {
      r = RawHttp.exchange(port, head("POST", sid, payload.length, port), payload, false, RestFuzzer.TIMEOUT_MS);
    } catch (SocketTimeoutException e) {
      problems.add("polling POST not answered within the timeout");
      return;
    }
    if (r.status() == 200 && r.bodyText().equals("ok")) {
      return;
    }
    checkError("POST", r);
  }

  /** An error answer ends the session; it must be JSON with a message (413 included). */
  private void checkError(String method, RawHttp.Response r) {
    closed = true;
    if (r.status() != 400 && r.status() != 413 && r.status() != 403) {
      problems.add("polling " + method + " answered " + r.status());
    }
    String type = r.header("content-type");
    boolean json = type != null && type.startsWith("application/json");
    try {
      if (!json || !(new JsonObject(r.bodyText()).getValue("message") instanceof String)) {
        problems.add("polling " + method + " answered " + r.status() + " without a JSON error body");
      }
    } catch (RuntimeException e) {
      problems.add("polling " + method + " answered " + r.status() + " without a JSON error body");
    }
  }

  private static byte[] payload(List<EngineFrame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (EngineFrame f : frames) {
      if (out.size() > 0) {
        out.write(SEPARATOR);
      }
      switch (f.wire()) {
        case RESERVED_OPCODE -> out.write(SEPARATOR); // an empty entry first
        case BIG_PING -> out.writeBytes("2\u001e".getBytes(StandardCharsets.UTF_8));
        case LONE_CONTINUATION -> out.writeBytes("b!!not base64!!\u001e".getBytes(StandardCharsets.UTF_8));
        case UNMASKED -> out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, SEPARATOR});
        default -> { }
      }
      boolean asBinary = f.binary() != (f.wire() == EngineFrame.Wire.SWAPPED_TYPE);
      if (asBinary) {
        out.writeBytes(("b" + Base64.getEncoder().encodeToString(f.data())).getBytes(StandardCharsets.ISO_8859_1));
      } else {
        out.writeBytes(f.data());
      }
      if (f.wire() == EngineFrame.Wire.BAD_CLOSE) {
        out.writeBytes("\u001e1".getBytes(StandardCharsets.UTF_8));
      } else if (f.wire() == EngineFrame.Wire.HUGE_LENGTH) {
        out.write(SEPARATOR);
        out.writeBytes(("4" + "a".repeat(MAX_PAYLOAD)).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Override
  public List<Object> receive(int timeoutMs) throws IOException {
    if (closed) {
      return null;
    }
    RawHttp.Response r;
    try {
      r = RawHttp.exchange(port, head("GET", sid, 0, port), new byte[0], false, Math.max(1, timeoutMs));
    } catch (SocketTimeoutException e) {
      return List.of(); // (the abandoned GET ends the session on the server)
    }
    if (r.status() != 200) {
      checkError("GET", r);
      return null;
    }
    List<Object> packets = new ArrayList<>();
    for (String entry : r.bodyText().split("\u001e", -1)) {
      if (entry.startsWith("b")) {
        try {
          packets.add(Base64.getDecoder().decode(entry.substring(1)));
        } catch (IllegalArgumentException e) {
          problems.add("polling GET payload with bad base64");
        }
      } else if (entry.equals("1")) {
        closed = true;
      } else if (entry.equals("2")) {
        post("3".getBytes(StandardCharsets.UTF_8)); // the server's heartbeat
      } else if (!entry.equals("6")) {
        packets.add(entry);
      }
    }
    return closed && packets.isEmpty() ? null : packets;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        RawHttp.exchange(port, head("POST", sid, 1, port), "1".getBytes(StandardCharsets.UTF_8), false, 2_000);
      } catch (IOException e) {
        // the session is gone either way
      }
    }
  }
}
