package io.chatserver.files;

/** File metadata (the bytes live elsewhere); attached to exactly one public message or private chat. */
public record FileRecord(long id, String filename, String fileUrl, long fileSize, long uploadedAt,
    long uploaderId, Long publicMessageId, Long privateChatId) {}
