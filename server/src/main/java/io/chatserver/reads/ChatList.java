package io.chatserver.reads;

import java.util.List;

/** Decision 38's answer: the public room and every private chat of the caller, most recent activity first. */
public record ChatList(PublicEntry publicRoom, List<ChatEntry> chats) {}
