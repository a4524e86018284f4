package io.chatserver.reads;

/** The public room in the chat list: its latest seq, the caller's read position and unread count. */
public record PublicEntry(long latestSeq, long lastReadSeq, long unreadCount) {}
