package io.chatserver.messages;

import java.util.List;

/** One emoji on a message (decision 42) and who reacted with it, in the order they did; never empty. */
public record Reaction(String emoji, List<Long> userIds) {

  public Reaction {
    userIds = List.copyOf(userIds);
  }

  public int count() {
    return userIds.size();
  }
}
