package io.chatserver.files;

import io.chatserver.edge.Timestamps;
import io.vertx.core.json.JsonObject;

/** The REST shape of a file record. */
public final class FileJson {

  private FileJson() {}

  public static JsonObject file(FileRecord f) {
    return new JsonObject()
        .put("id", f.id())
        .put("filename", f.filename())
        .put("file_url", f.fileUrl())
        .put("file_size", f.fileSize())
        .put("uploaded_at", Timestamps.of(f.uploadedAt()))
        .put("uploader_id", f.uploaderId())
        .put("public_message_id", f.publicMessageId())
        .put("private_chat_id", f.privateChatId());
  }
}
