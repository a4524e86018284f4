package io.chatserver.users;

import java.util.List;

/**
 * A deleted user and what went with them that other users were shown: their public messages, and
 * their private chats (each with its other participant). Read in the deleting transaction.
 */
public record DeletedUser(long id, List<Long> publicMessageIds, List<EndedChat> privateChats) {

  /** A private chat the user was in, gone with them, and the participant left behind. */
  public record EndedChat(long chatId, long otherUserId) {}
}
