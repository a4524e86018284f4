package io.chatserver.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates the packets of one socket seed: at the Engine.IO level (packet type, record separators,
 * empty, cut, invalid UTF-8, over the size limit, repeated, WebSocket framing, stray attachments) and
 * at the Socket.IO level (namespace, ack id, attachment count, packet type, event name and arguments,
 * deep nesting, cut JSON).
 */
final class SocketMutator {

  /** A Socket.IO packet inside an Engine.IO message: 4, type, "n-" attachments, "/nsp,", ack id, JSON. */
  private static final Pattern SOCKET_IO = Pattern.compile("4(.)([0-9]+-)?(/[^,]*,)?([0-9]*)(.*)", Pattern.DOTALL);

  private final SplittableRandom random;
  private final List<String> notes;

  private SocketMutator(SplittableRandom random, List<String> notes) {
    this.random = random;
    this.notes = notes;
  }

  /** {@code frames} mutated {@code count} times; what was done goes to {@code notes}. */
  static List<EngineFrame> mutate(List<EngineFrame> frames, SplittableRandom random, int count, List<String> notes) {
    SocketMutator m = new SocketMutator(random, notes);
    List<EngineFrame> out = new ArrayList<>(frames);
    for (int i = 0; i < count; i++) {
      m.mutateOnce(out);
    }
    return out;
  }

  private void mutateOnce(List<EngineFrame> frames) {
    int at = random.nextInt(frames.size());
    EngineFrame f = frames.get(at);
    Matcher sio = f.binary() ? null : SOCKET_IO.matcher(f.text());
    if (sio != null && sio.matches() && random.nextInt(10) < 6) {
      frames.set(at, EngineFrame.text(socketIo(sio)).withWire(f.wire()));
      return;
    }
    switch (random.nextInt(10)) {
      case 0 -> {
        String text = f.text();
        String type = Fuzz.pick(random, List.of("0", "1", "2", "3", "5", "7", "8", "9", "b", "x", " ", "\u0000", "4"));
        frames.set(at, EngineFrame.text(type + (text.isEmpty() ? "" : text.substring(1))));
        note("engine type " + type);
      }
      case 1 -> {
        byte[] d = f.data();
        int cut = d.length == 0 ? 0 : random.nextInt(d.length);
        frames.set(at, f.withData(splice(d, cut, 0, new byte[] {0x1e})));
        note("record separator at " + cut);
      }
      case 2 -> {
        frames.set(at, f.withData(new byte[0]));
        note("empty packet");
      }
      case 3 -> {
        int cut = f.data().length == 0 ? 0 : random.nextInt(f.data().length);
        frames.set(at, f.withData(java.util.Arrays.copyOf(f.data(), cut)));
        note("cut at " + cut);
      }
      case 4 -> {
        byte[] bad = Fuzz.pick(random, List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc3}));
        int cut = f.data().length == 0 ? 0 : random.nextInt(f.data().length);
        frames.set(at, f.withData(splice(f.data(), cut, 0, bad)));
        note("invalid UTF-8 at " + cut);
      }
      case 5 -> {
        int size = Fuzz.pick(random, List.of(999_900, 1_000_100, 3_000_000));
        frames.set(at, EngineFrame.text("42[\"send_public_message\",{\"content\":\"" + "a".repeat(size) + "\"}]")
            .withWire(f.wire()));
        note("huge packet " + size);
      }
      case 6 -> {
        int times = Fuzz.pick(random, List.of(10, 60));
        for (int i = 0; i < times; i++) {
          frames.add(at, f);
        }
        note("repeated " + times + "x");
      }
      case 7 -> {
        EngineFrame.Wire[] wires = EngineFrame.Wire.values();
        EngineFrame.Wire wire = wires[1 + random.nextInt(wires.length - 1)];
        frames.set(at, f.withWire(wire));
        note("wire " + wire);
      }
      default -> {
        byte[] stray = new byte[random.nextInt(64)];
        random.nextBytes(stray);
        frames.add(at, new EngineFrame(true, stray, EngineFrame.Wire.PLAIN));
        note("stray binary " + stray.length + " bytes");
      }
    }
  }

  private void note(String note) {
    notes.add(Fuzz.shorten(note));
  }

  private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + insert.length);
    out.write(data, 0, at);
    out.writeBytes(insert);
    out.write(data, at + remove, data.length - at - remove);
    return out.toByteArray();
  }

  // ---- Socket.IO level ----

  private String socketIo(Matcher m) {
    String type = m.group(1);
    String attachments = m.group(2) == null ? "" : m.group(2);
    String nsp = m.group(3) == null ? "" : m.group(3);
    String id = m.group(4);
    String json = m.group(5);
    switch (random.nextInt(8)) {
      case 0 -> {
        nsp = Fuzz.pick(random, List.of("/nope,", "/,", "/", "//,", "/\u0000,", "/" + "n".repeat(5_000) + ",",
            "/admin", "/chat?x=1,", ""));
        note("namespace " + nsp);
      }
      case 1 -> {
        id = Fuzz.pick(random, List.of("99999999999999999999", "1234567890123456", "123456789012345", "0", "007", ""));
        note("ack id " + id);
      }
      case 2 -> {
        type = Fuzz.pick(random, List.of("5", "6"));
        attachments = Fuzz.pick(random, List.of("0-", "1-", "2-", "1001-", "99999-", "-", "1"));
        note("binary type " + type + attachments);
      }
      case 3 -> {
        type = Fuzz.pick(random, List.of("0", "1", "2", "3", "4", "5", "6", "7", "9", "a", "-"));
        note("socket.io type " + type);
      }
      case 4, 5, 6 -> json = arguments(json);
      default -> {
        json = Fuzz.pick(random, List.of("", "[", "[\"send_public_message\"", "{}", "[]", "\"x\"", "null",
            FuzzValues.deep(random.nextBoolean() ? 200 : 3_000, true), "[\"join_public\"]x", "[\"a\",]"));
        note("payload " + json);
      }
    }
    return "4" + type + attachments + nsp + id + json;
  }

  /** Changes the event name or an argument, keeping the rest valid JSON. */
  private String arguments(String json) {
    JsonArray args;
    try {
      args = new JsonArray(json);
    } catch (RuntimeException e) {
      return json;
    }
    List<String> raw = new ArrayList<>();
    for (Object value : args) {
      raw.add(JsonText.value(value));
    }
    if (raw.isEmpty()) {
      raw.add("\"x\"");
    }
    int op = random.nextInt(6);
    if (op == 0) {
      raw.set(0, Fuzz.pick(random, List.of("\"no_such_event\"", "\"\"", "\"connect\"", "\"disconnect\"", "\"error\"",
          "\"connected\"", "\"send_public_message \"", "\"SEND_PUBLIC_MESSAGE\"", "\"" + "e".repeat(10_000) + "\"",
          "\"\\u0000\"", "1", "{}", "null", "[\"join_public\"]")));
      note("event name " + raw.get(0));
    } else if (op == 1 && raw.size() > 1 && args.getValue(1) instanceof JsonObject o && !o.isEmpty()) {
      List<String> keys = new ArrayList<>(o.fieldNames());
      String key = Fuzz.pick(random, keys);
      String value = key.endsWith("_id") && random.nextBoolean()
          ? Fuzz.pick(random, List.of("\"+3\"", "-1", "0", "1.5", "1e400", "99999999999999999999", "\"1\"", "true"))
          : FuzzValues.rawValue(random);
      o.remove(key);
      StringBuilder object = new StringBuilder("{\"").append(key).append("\":").append(value);
      for (String k : o.fieldNames()) {
        object.append(',').append(JsonText.string(k, false)).append(':').append(JsonText.value(o.getValue(k)));
      }
      raw.set(1, object.append('}').toString());
      note("argument " + key + "=" + value);
    } else if (op == 2) {
      String value = FuzzValues.rawValue(random);
      if (raw.size() > 1) {
        raw.set(1, value);
      } else {
        raw.add(value);
      }
      note("first argument " + value);
    } else if (op == 3) {
      raw.subList(1, raw.size()).clear();
      note("no arguments");
    } else if (op == 4) {
      for (int i = 0; i < 5; i++) {
        raw.add(FuzzValues.rawValue(random));
      }
      note("five more arguments");
    } else {
      String content = JsonText.string(FuzzValues.string(random), random.nextBoolean());
      raw.subList(1, raw.size()).clear();
      raw.add("{\"content\":" + content + ",\"other_user_id\":1}");
      note("content " + content);
    }
    return "[" + String.join(",", raw) + "]";
  }

  /** A seed's frames with placeholders filled ({token}, {me}, {other}). */
  static List<EngineFrame> frames(JsonObject seed, String token, long me, long other) {
    List<EngineFrame> frames = new ArrayList<>();
    for (Object f : seed.getJsonArray("frames")) {
      if (f instanceof JsonObject binary) {
        frames.add(new EngineFrame(true, Base64.getDecoder().decode(binary.getString("binary")),
            EngineFrame.Wire.PLAIN));
      } else {
        frames.add(EngineFrame.text(((String) f).replace("{token}", token).replace("{me}", String.valueOf(me))
            .replace("{other}", String.valueOf(other))));
      }
    }
    return frames;
  }
}
