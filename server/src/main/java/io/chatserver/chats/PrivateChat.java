package io.chatserver.chats;

/** A conversation between two users, stored once per unordered pair (userLow < userHigh). */
public record PrivateChat(long id, long userLow, long userHigh, long createdAt) {

  public boolean hasParticipant(long userId) {
    return userId == userLow || userId == userHigh;
  }

  public long otherThan(long userId) {
    return userId == userLow ? userHigh : userLow;
  }
}
