package io.chatserver.messages;

/** What a deleted message leaves behind (decision 32): its id and the seq of its deletion; null chat = public. */
public record Tombstone(long id, Long chatId, long seq) {}
