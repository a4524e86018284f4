package io.chatserver.messages;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.chatserver.edge.Timestamps;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pages of messages (history and catch-up) written straight to JSON bytes (C117): the same bytes as
 * encoding {@link MessageJson}'s objects (a test holds them equal), without building a map per message
 * and then walking it, which was a third of the CPU of a catch-up of 100 changes. Single messages (pushes,
 * acks, answers to a send) keep {@link MessageJson}.
 */
final class MessageListJson {

  /** Characters outside the BMP (emoji) as their four UTF-8 bytes, as Vert.x writes them, not as escaped surrogates. */
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  /** Writes one message object. */
  @FunctionalInterface
  interface Writer<M> {
    void write(JsonGenerator g, M message) throws IOException;
  }

  private MessageListJson() {}

  /** A page of history: {@code {"messages": [...]}}, oldest first. */
  static <M> Buffer messages(List<M> messages, Writer<M> writer) {
    return encode(messages.size(), g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("messages");
      for (M m : messages) {
        writer.write(g, m);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  static <M> Buffer changes(Changes<M> page, Writer<M> writer) {
    return encode(page.changes().size(), g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("changes");
      for (Change<M> c : page.changes()) {
        if (c.deleted()) {
          tombstone(g, c.tombstone());
        } else {
          writer.write(g, c.message());
        }
      }
      g.writeEndArray();
      g.writeNumberField("latest_seq", page.latestSeq());
      g.writeBooleanField("has_more", page.hasMore());
      g.writeEndObject();
    });
  }

  /** One element of a catch-up page, as {@link #changes} writes it: a public message. */
  static byte[] change(PublicMessage message) {
    return bytes(64 + message.content().length(), g -> publicMessage(g, message));
  }

  /** As {@link #change(PublicMessage)}, for a deleted message. */
  static byte[] change(Tombstone tombstone) {
    return bytes(48, g -> tombstone(g, tombstone));
  }

  /**
   * A catch-up page from elements encoded one by one ({@link RecentPublicChanges}): the same bytes as
   * {@link #changes(Changes, Writer)} writes for those changes (a test holds them equal).
   */
  static byte[] changes(List<byte[]> encodedChanges, long latestSeq, boolean hasMore) {
    int size = 64;
    for (byte[] change : encodedChanges) {
      size += change.length + 1;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes(CHANGES_START);
    for (int i = 0; i < encodedChanges.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(encodedChanges.get(i));
    }
    out.writeBytes(("],\"latest_seq\":" + latestSeq + ",\"has_more\":" + hasMore + "}")
        .getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static final byte[] CHANGES_START = "{\"changes\":[".getBytes(StandardCharsets.US_ASCII);

  static void publicMessage(JsonGenerator g, PublicMessage m) throws IOException {
    head(g, m.id(), m.content(), m.createdAt());
    g.writeNumberField("user_id", m.userId());
    tail(g, m.username(), m.avatarUrl(), m.clientId(), m.seq(), m.editedAt(), m.reactions());
  }

  static void privateMessage(JsonGenerator g, PrivateMessage m) throws IOException {
    head(g, m.id(), m.content(), m.createdAt());
    g.writeNumberField("sender_id", m.senderId());
    g.writeNumberField("chat_id", m.chatId());
    tail(g, m.username(), m.avatarUrl(), m.clientId(), m.seq(), m.editedAt(), m.reactions());
  }

  /** What both kinds of message begin with. */
  private static void head(JsonGenerator g, long id, String content, long createdAt) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", id);
    g.writeStringField("content", content);
    g.writeStringField("timestamp", Timestamps.of(createdAt));
  }

  /** What both end with, after the fields of their kind. */
  private static void tail(JsonGenerator g, String username, String avatarUrl, String clientId, long seq, Long editedAt,
      List<Reaction> reactions) throws IOException {
    g.writeStringField("username", username);
    g.writeStringField("avatar_url", avatarUrl);
    g.writeStringField("client_id", clientId);
    g.writeNumberField("seq", seq);
    g.writeStringField("edited_at", MessageJson.editedAt(editedAt));
    reactions(g, reactions);
    g.writeEndObject();
  }

  private static void reactions(JsonGenerator g, List<Reaction> reactions) throws IOException {
    g.writeArrayFieldStart("reactions");
    for (Reaction r : reactions) {
      g.writeStartObject();
      g.writeStringField("emoji", r.emoji());
      g.writeNumberField("count", r.count());
      g.writeArrayFieldStart("user_ids");
      for (long id : r.userIds()) {
        g.writeNumber(id);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void tombstone(JsonGenerator g, Tombstone t) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", t.id());
    g.writeNumberField("seq", t.seq());
    g.writeBooleanField("deleted", true);
    g.writeEndObject();
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static Buffer encode(int messages, Body body) {
    return Buffer.buffer(bytes(256 + 256 * messages, body));
  }

  private static byte[] bytes(int sizeHint, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }
}
