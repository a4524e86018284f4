package io.chatserver.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pages are written by {@link MessageListJson}, single messages by {@link MessageJson}: the two must give
 * the same bytes for the same message, whatever it holds (nulls, edits, reactions, text that needs escaping).
 */
class MessageListJsonTest {

  private static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n nul \u0000 é 日本 😀 \u2028 <script>";

  private static final List<PublicMessage> PUBLIC = List.of(
      new PublicMessage(1, 7, "alice", null, "hello", 1_700_000_000_000L, 3, null, null, List.of()),
      new PublicMessage(2, 8, AWKWARD, "/api/files/9", AWKWARD, 1_700_000_000_123L, 4, "c-1", 1_700_000_100_000L,
          List.of(new Reaction("👍", List.of(7L, 8L)), new Reaction("🎉", List.of(8L)))));

  private static final List<PrivateMessage> PRIVATE = List.of(
      new PrivateMessage(5, 2, 7, 8, "alice", null, "psst", 1_700_000_000_001L, 1, null, null, List.of()),
      new PrivateMessage(6, 2, 8, 7, "bob", "/api/files/1", AWKWARD, 1_700_000_000_999L, 2, "k", 1_700_000_000_999L,
          List.of(new Reaction("❤️", List.of(7L)))));

  @Test
  void historyPagesAreTheObjectsEncoded() {
    assertThat(MessageListJson.messages(PUBLIC, MessageListJson::publicMessage).toString())
        .isEqualTo(new JsonObject().put("messages", new JsonArray(PUBLIC.stream().map(MessageJson::publicMessage).toList()))
            .encode());
    assertThat(MessageListJson.messages(PRIVATE, MessageListJson::privateMessage).toString())
        .isEqualTo(new JsonObject().put("messages", new JsonArray(PRIVATE.stream().map(MessageJson::privateMessage).toList()))
            .encode());
    assertThat(MessageListJson.messages(List.<PublicMessage>of(), MessageListJson::publicMessage).toString())
        .isEqualTo("{\"messages\":[]}");
  }

  @Test
  void catchUpPagesAreTheObjectsEncoded() {
    Changes<PrivateMessage> page = new Changes<>(List.of(Change.of(PRIVATE.get(0), 1),
        Change.of(new Tombstone(9, 2L, 3)), Change.of(PRIVATE.get(1), 4)), 17, true);
    JsonObject expected = new JsonObject()
        .put("changes", new JsonArray(List.of(MessageJson.privateMessage(PRIVATE.get(0)),
            MessageJson.tombstone(new Tombstone(9, 2L, 3)), MessageJson.privateMessage(PRIVATE.get(1)))))
        .put("latest_seq", 17L)
        .put("has_more", true);
    assertThat(MessageListJson.changes(page, MessageListJson::privateMessage).toString()).isEqualTo(expected.encode());

    Changes<PublicMessage> none = Changes.none();
    assertThat(MessageListJson.changes(none, MessageListJson::publicMessage).toString())
        .isEqualTo("{\"changes\":[],\"latest_seq\":0,\"has_more\":false}");
  }

  /** C120: a catch-up page put together from changes encoded one by one is the same page. */
  @Test
  void catchUpPagesFromEncodedChangesAreTheSame() {
    Tombstone gone = new Tombstone(9, null, 5);
    Changes<PublicMessage> page = new Changes<>(List.of(Change.of(PUBLIC.get(0), 3), Change.of(PUBLIC.get(1), 4),
        Change.of(gone)), 12, false);
    byte[] joined = MessageListJson.changes(List.of(MessageListJson.change(PUBLIC.get(0)),
        MessageListJson.change(PUBLIC.get(1)), MessageListJson.change(gone)), 12, false);
    assertThat(joined).isEqualTo(MessageListJson.changes(page, MessageListJson::publicMessage).getBytes());

    assertThat(MessageListJson.changes(List.of(), 0, false))
        .isEqualTo(MessageListJson.changes(Changes.<PublicMessage>none(), MessageListJson::publicMessage).getBytes());
    assertThat(MessageListJson.changes(List.of(MessageListJson.change(gone)), 7, true))
        .isEqualTo(MessageListJson.changes(new Changes<PublicMessage>(List.of(Change.of(gone)), 7, true),
            MessageListJson::publicMessage).getBytes());
  }
}
