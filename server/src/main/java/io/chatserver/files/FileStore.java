package io.chatserver.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for file records. */
public final class FileStore {

  private static final String SELECT = "SELECT id, filename, file_url, file_size, uploaded_at, uploader_id,"
      + " public_message_id, private_chat_id FROM files";

  public FileRecord insert(Handle h, FileService.NewFile f, long uploaderId, long now) {
    long id = h.createQuery("INSERT INTO files (filename, file_url, file_size, uploaded_at, uploader_id,"
            + " public_message_id, private_chat_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
        .bind(0, f.filename()).bind(1, f.fileUrl()).bind(2, f.fileSize()).bind(3, now).bind(4, uploaderId)
        .bind(5, f.publicMessageId()).bind(6, f.privateChatId())
        .mapTo(Long.class).one();
    return new FileRecord(id, f.filename(), f.fileUrl(), f.fileSize(), now, uploaderId, f.publicMessageId(),
        f.privateChatId());
  }

  public Optional<FileRecord> find(Handle h, long id) {
    return h.createQuery(SELECT + " WHERE id = ?").bind(0, id).map(FileStore::map).findOne();
  }

  public List<FileRecord> byUploader(Handle h, long uploaderId) {
    return h.createQuery(SELECT + " WHERE uploader_id = ? ORDER BY id").bind(0, uploaderId)
        .map(FileStore::map).list();
  }

  public List<FileRecord> byPublicMessage(Handle h, long messageId) {
    return h.createQuery(SELECT + " WHERE public_message_id = ? ORDER BY id").bind(0, messageId)
        .map(FileStore::map).list();
  }

  public List<FileRecord> byPrivateChat(Handle h, long chatId) {
    return h.createQuery(SELECT + " WHERE private_chat_id = ? ORDER BY id").bind(0, chatId)
        .map(FileStore::map).list();
  }

  public boolean delete(Handle h, long id) {
    return h.createUpdate("DELETE FROM files WHERE id = ?").bind(0, id).execute() > 0;
  }

  private static FileRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new FileRecord(rs.getLong("id"), rs.getString("filename"), rs.getString("file_url"),
        rs.getLong("file_size"), rs.getLong("uploaded_at"), rs.getLong("uploader_id"),
        nullableLong(rs, "public_message_id"), nullableLong(rs, "private_chat_id"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
