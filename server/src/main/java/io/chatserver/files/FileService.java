package io.chatserver.files;

import io.chatserver.chats.PrivateChatService;
import io.chatserver.core.ApiException;
import io.chatserver.core.NumberRules;
import io.chatserver.core.TextRules;
import io.chatserver.db.Database;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PublicMessage;
import io.chatserver.users.UserRules;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.vertx.core.Future;
import org.jdbi.v3.core.Handle;

/** File metadata rules (decisions 13-15): who may attach where, and who may see or delete a record. */
public final class FileService {

  /** The writable fields of POST /files/. */
  public record NewFile(String filename, String fileUrl, long fileSize, Long publicMessageId, Long privateChatId) {}

  public static final long MAX_SIZE = 5_242_880;
  static final Set<String> EXTENSIONS =
      Set.of("pdf", "doc", "docx", "jpg", "jpeg", "png", "gif", "bmp", "tiff", "webp");

  private final Database db;
  private final FileStore files;
  private final MessageStore messages;
  private final PrivateChatService chats;
  private final Clock clock;

  public FileService(Database db, FileStore files, MessageStore messages, PrivateChatService chats, Clock clock) {
    this.db = db;
    this.files = files;
    this.messages = messages;
    this.chats = chats;
    this.clock = clock;
  }

  public Future<FileRecord> create(long callerId, NewFile file) {
    return Future.succeededFuture(file).map(FileService::validated).compose(valid -> db.tx(h -> {
      if (valid.publicMessageId() != null) {
        PublicMessage message = messages.findPublic(h, valid.publicMessageId())
            .orElseThrow(() -> ApiException.notFound("Message not found"));
        if (message.userId() != callerId) {
          throw ApiException.forbidden("Only the author of a message may attach files to it");
        }
      } else {
        chats.requireParticipantIn(h, callerId, valid.privateChatId());
      }
      return files.insert(h, valid, callerId, clock.millis());
    }));
  }

  public Future<List<FileRecord>> listOwn(long callerId) {
    return db.read(h -> files.byUploader(h, callerId));
  }

  public Future<FileRecord> get(long callerId, long fileId) {
    return db.read(h -> requireUploader(h, callerId, fileId));
  }

  public Future<Void> delete(long callerId, long fileId) {
    return db.tx(h -> {
      requireUploader(h, callerId, fileId);
      files.delete(h, fileId);
      return null;
    });
  }

  public Future<List<FileRecord>> forPublicMessage(long messageId) {
    return db.read(h -> {
      messages.findPublic(h, messageId).orElseThrow(() -> ApiException.notFound("Message not found"));
      return files.byPublicMessage(h, messageId);
    });
  }

  public Future<List<FileRecord>> forPrivateChat(long callerId, long chatId) {
    return db.read(h -> {
      chats.requireParticipantIn(h, callerId, chatId);
      return files.byPrivateChat(h, chatId);
    });
  }

  private FileRecord requireUploader(Handle h, long callerId, long fileId) {
    FileRecord file = files.find(h, fileId).orElseThrow(() -> ApiException.notFound("File not found"));
    if (file.uploaderId() != callerId) {
      throw ApiException.forbidden("Access denied");
    }
    return file;
  }

  static NewFile validated(NewFile f) {
    String name = f.filename();
    if (name == null || TextRules.isBlank(name) || name.codePointCount(0, name.length()) > 255) {
      throw ApiException.badRequest("filename must be 1-255 characters");
    }
    TextRules.singleLine("filename", name);
    // A name, never a path: clients may use it to save the file.
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.equals(".") || name.equals("..")) {
      throw ApiException.badRequest("filename must be a file name, without '/', '\\' or '..'");
    }
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!EXTENSIONS.contains(extension)) {
      throw ApiException.badRequest("File type not allowed; allowed: pdf, doc, docx, jpg, jpeg, png, gif, bmp,"
          + " tiff, webp");
    }
    if (f.fileUrl() == null || !UserRules.isHttpUrl(TextRules.singleLine("file_url", f.fileUrl()))) {
      throw ApiException.badRequest("file_url must be an http(s) URL");
    }
    if (f.fileSize() < 1 || f.fileSize() > MAX_SIZE) {
      throw ApiException.badRequest("file_size must be between 1 and " + MAX_SIZE + " bytes");
    }
    if ((f.publicMessageId() == null) == (f.privateChatId() == null)) {
      throw ApiException.badRequest("Exactly one of public_message_id or private_chat_id is required");
    }
    Long target = f.publicMessageId() != null ? f.publicMessageId() : f.privateChatId();
    NumberRules.id("public_message_id / private_chat_id", target);
    return f;
  }
}
