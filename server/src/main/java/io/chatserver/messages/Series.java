package io.chatserver.messages;

/** The two kinds of messages, each with its own tables: public (the room) and private (the chats). */
public enum Series {
  PUBLIC("public_messages", "public_reactions"),
  PRIVATE("private_messages", "private_reactions");

  final String messages;
  final String reactions;

  Series(String messages, String reactions) {
    this.messages = messages;
    this.reactions = reactions;
  }
}
