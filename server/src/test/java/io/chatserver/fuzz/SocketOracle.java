package io.chatserver.fuzz;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server may send on a fuzzed session: well-formed Engine.IO packets (never a pong: in Engine.IO
 * v4 only the server pings), well-formed Socket.IO packets, events with a string name, errors and
 * refusals with a plain message (no stack trace, no "Internal server error"), and never a successful
 * acknowledgement of an event the contract refuses (content that is not a valid string).
 */
final class SocketOracle {

  private static final Pattern SOCKET_IO = Pattern.compile("([0-9])(/[^,]*,)?([0-9]*)(.*)", Pattern.DOTALL);
  private static final Pattern OUR_EVENT = Pattern.compile("4(.)([0-9]+-)?(/[^,]*,)?([0-9]+)(\\[.*)", Pattern.DOTALL);
  private static final Set<String> SENDS = Set.of("send_public_message", "send_private_message");

  private final List<String> problems = new ArrayList<>();
  /** Ack ids of events the server must refuse, and why. */
  private final Map<Long, String> mustRefuse = new HashMap<>();
  private final Set<Long> mayAccept = new HashSet<>();
  private final Set<Long> acked = new HashSet<>();

  /** Notes what the server must refuse among the packets about to be sent. */
  void expect(List<EngineFrame> frames) {
    for (EngineFrame f : frames) {
      if (f.binary() || f.wire() != EngineFrame.Wire.PLAIN && f.wire() != EngineFrame.Wire.FRAGMENTED) {
        continue;
      }
      Matcher m = OUR_EVENT.matcher(f.text());
      if (!m.matches() || !(m.group(1).equals("2") || m.group(1).equals("5")) || m.group(4).length() > 15) {
        continue;
      }
      long id = Long.parseLong(m.group(4));
      String reason = refusal(m.group(5));
      if (reason == null) {
        mayAccept.add(id);
      } else {
        mustRefuse.put(id, reason);
      }
    }
  }

  /** Why an event with this JSON must be refused, or null. */
  private static String refusal(String json) {
    JsonArray args;
    try {
      args = new JsonArray(json);
    } catch (RuntimeException e) {
      return null; // not decodable: the session is closed instead
    }
    if (args.isEmpty() || !(args.getValue(0) instanceof String name) || !SENDS.contains(name)
        || args.size() < 2 || !(args.getValue(1) instanceof JsonObject data)) {
      return null;
    }
    Object content = data.getValue("content");
    if (content instanceof JsonObject o && Boolean.TRUE.equals(o.getValue("_placeholder"))) {
      return "a binary attachment as content";
    }
    if (!(content instanceof String s)) {
      return content == null ? "no content" : "non-string content";
    }
    String bad = Validity.refusal("content", s);
    return bad == null ? null : bad + " in content";
  }

  /** Whether an event that must be refused is still waiting for its acknowledgement. */
  boolean awaitsRefusal() {
    return !acked.containsAll(mustRefuse.keySet());
  }

  List<String> takeProblems() {
    List<String> taken = List.copyOf(problems);
    problems.clear();
    return taken;
  }

  void add(String problem) {
    problems.add(problem);
  }

  /** Checks one packet from the server (text as String, binary as byte[]). */
  void check(Object packet) {
    if (!(packet instanceof String s)) {
      return; // binary data: nothing to judge without its packet
    }
    if (s.isEmpty()) {
      problems.add("empty Engine.IO packet from the server");
      return;
    }
    switch (s.charAt(0)) {
      case '0', '1', '6' -> { }
      case '3' -> problems.add("pong sent: a client ping was answered (must close the session)");
      case '4' -> socketIo(s.substring(1));
      default -> problems.add("Engine.IO packet of type '" + s.charAt(0) + "' from the server");
    }
  }

  private void socketIo(String p) {
    Matcher m = SOCKET_IO.matcher(p);
    if (!m.matches()) {
      problems.add("malformed Socket.IO packet from the server");
      return;
    }
    Object data;
    try {
      data = m.group(4).isEmpty() ? null : Json.decodeValue(m.group(4));
    } catch (RuntimeException e) {
      problems.add("Socket.IO packet from the server with invalid JSON");
      return;
    }
    switch (m.group(1)) {
      case "0" -> {
        if (!(data instanceof JsonObject o && o.getValue("sid") instanceof String)) {
          problems.add("CONNECT answer without a sid");
        }
      }
      case "1" -> { }
      case "2" -> event(data);
      case "3" -> ack(m.group(3), data);
      case "4" -> {
        if (!(data instanceof JsonObject o && o.getValue("message") instanceof String msg)) {
          problems.add("CONNECT_ERROR without a message");
        } else {
          message("CONNECT_ERROR", msg);
        }
      }
      default -> problems.add("Socket.IO packet of type " + m.group(1) + " from the server");
    }
  }

  private void event(Object data) {
    if (!(data instanceof JsonArray a) || a.isEmpty() || !(a.getValue(0) instanceof String name)) {
      problems.add("event from the server without a name");
      return;
    }
    if (name.equals("error")) {
      if (a.size() < 2 || !(a.getValue(1) instanceof JsonObject o) || !(o.getValue("message") instanceof String msg)) {
        problems.add("error event without {message}");
      } else {
        message("error event", msg);
      }
    }
  }

  private void ack(String idText, Object data) {
    if (idText.isEmpty() || !(data instanceof JsonArray a) || a.isEmpty() || !(a.getValue(0) instanceof JsonObject o)
        || !(o.getValue("ok") instanceof Boolean ok)) {
      problems.add("acknowledgement without an id or {ok}");
      return;
    }
    long id = Long.parseLong(idText);
    acked.add(id);
    if (!ok) {
      if (!(o.getValue("message") instanceof String msg)) {
        problems.add("refusing acknowledgement without a message");
      } else {
        message("refusing acknowledgement", msg);
      }
    } else if (mustRefuse.containsKey(id) && !mayAccept.contains(id)) {
      problems.add("socket event accepted with " + mustRefuse.get(id));
    }
  }

  private void message(String where, String message) {
    if (message.contains("Exception") || message.contains("at io.") || message.contains("\tat ")) {
      problems.add(where + " with a stack trace marker");
    }
    if (message.equals("Internal server error")) {
      problems.add(where + ": Internal server error");
    }
  }
}
