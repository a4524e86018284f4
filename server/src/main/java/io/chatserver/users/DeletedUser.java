package io.chatserver.users;

import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Tombstone;
import java.util.List;

/**
 * A deleted user and what went with them that other users were shown: their public messages, each now a
 * tombstone with the seq of its deletion (decision 37), the other users' public messages they had
 * reacted to, each in its new state without their reactions (one change each, in id order, all before
 * the retractions), and their private chats (each with its other participant). Read in the deleting
 * transaction.
 */
public record DeletedUser(long id, List<PublicMessage> unreacted, List<Tombstone> publicMessages,
    List<EndedChat> privateChats) {

  /** A private chat the user was in, gone with them, and the participant left behind. */
  public record EndedChat(long chatId, long otherUserId) {}
}
