package io.chatserver.reads;

/**
 * A read position that moved (decision 39): {@code userId} has read {@code chatId} (null: the public room)
 * up to {@code seq}. {@code otherUserId} is the other participant of a private chat, told as a read
 * receipt; null for the public room.
 */
public record ReadMoved(Long chatId, long userId, Long otherUserId, long seq) {}
