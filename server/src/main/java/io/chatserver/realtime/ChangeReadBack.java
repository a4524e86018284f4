package io.chatserver.realtime;

import io.chatserver.messages.Change;
import io.chatserver.messages.MessageService;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The database as the source of the conversations' push series (decision 35): when a change did not
 * reach this node (its emitter died after the commit, Redis was away), the socket layer asks here for
 * what a conversation's pushes between two seqs would have been, and sends that instead. A message
 * created in the range is pushed as new; one only changed in it as {@code message_updated}; a deleted
 * one as {@code message_deleted}.
 */
final class ChangeReadBack implements SequenceSource {

  private final String namespace;
  private final MessageService messages;

  ChangeReadBack(String namespace, MessageService messages) {
    this.namespace = namespace;
    this.messages = messages;
  }

  @Override
  public Future<List<Sequenced>> between(String key, long after, long before) {
    Long chatId = Rooms.chatOfSeries(key);
    if (chatId == null) {
      return messages.publicReadBack(after, before).map(r -> {
        BroadcastTarget to = new BroadcastTarget(key, Set.of(Rooms.PUBLIC));
        List<Sequenced> out = new ArrayList<>();
        for (Change<PublicMessage> c : r.changes()) {
          out.add(c.deleted()
              ? to.packet(c.seq(), "message_deleted", Payloads.messageDeleted(c.tombstone().id(), null, c.seq()))
              : r.createdInRange().contains(c.message().id())
                  ? to.packet(c.seq(), "new_public_message", Payloads.publicMessage(c.message()))
                  : to.packet(c.seq(), "message_updated", Payloads.publicMessage(c.message()).putNull("chat_id")));
        }
        return out;
      });
    }
    return messages.chatReadBack(chatId, after, before).map(r -> {
      if (r.chat() == null) return List.of();
      BroadcastTarget to = new BroadcastTarget(key,
          Set.of(Rooms.user(r.chat().userLow()), Rooms.user(r.chat().userHigh())));
      List<Sequenced> out = new ArrayList<>();
      for (Change<PrivateMessage> c : r.changes()) {
        out.add(c.deleted()
            ? to.packet(c.seq(), "message_deleted", Payloads.messageDeleted(c.tombstone().id(), chatId, c.seq()))
            : r.createdInRange().contains(c.message().id())
                ? to.packet(c.seq(), "new_private_message", Payloads.privateMessage(c.message()))
                : to.packet(c.seq(), "message_updated", Payloads.privateMessage(c.message())));
      }
      return out;
    });
  }

  /** The rooms a conversation's pushes go to, and its series. */
  private final class BroadcastTarget {
    private final String key;
    private final Set<String> rooms;

    BroadcastTarget(String key, Set<String> rooms) {
      this.key = key;
      this.rooms = rooms;
    }

    Sequenced packet(long seq, String event, JsonObject payload) {
      return new Sequenced(Packet.event(namespace, event, new Object[] {payload}),
          new BroadcastOptions(rooms, Set.of(), false, false, new Sequence(key, seq)));
    }
  }
}
