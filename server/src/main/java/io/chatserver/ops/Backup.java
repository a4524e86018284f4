package io.chatserver.ops;

import io.chatserver.db.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Online backup of an embedded node's database while the node runs:
 * {@code java -cp chat-server.jar io.chatserver.ops.Backup <data-dir> <out-file>}.
 * SQLite's {@code VACUUM INTO} copies one consistent snapshot (a read transaction: in WAL mode the
 * node's writes go on meanwhile), compacted, into a new file created rw-------; the copy is then
 * checked with {@code PRAGMA integrity_check}. Restoring is described in docs/operations.md.
 */
public final class Backup {

  private Backup() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: java -cp chat-server.jar io.chatserver.ops.Backup <data-dir> <out-file>");
      System.exit(2);
    }
    try {
      Path out = run(Path.of(args[0]), Path.of(args[1]));
      System.out.println("Backed up to " + out + " (" + Files.size(out) + " bytes, integrity ok)");
    } catch (Exception e) {
      System.err.println("Backup failed: " + e.getMessage());
      System.exit(1);
    }
  }

  static Path run(Path dataDir, Path out) throws Exception {
    Path database = dataDir.resolve(DataDir.DATABASE_FILE);
    if (!Files.isRegularFile(database)) {
      throw new IllegalArgumentException("no database at " + database);
    }
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists; give a new file name");
    }
    // VACUUM INTO accepts an empty target file: create it owner-only, it holds what chat.db holds.
    Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Properties settings = new Properties();
      settings.setProperty("busy_timeout", "10000"); // a reader waits only while the WAL is being recovered
      try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), settings);
           PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
        vacuum.setString(1, out.toAbsolutePath().toString());
        vacuum.execute();
      }
      checkIntegrity(out);
      return out;
    } catch (Exception e) {
      Files.deleteIfExists(out);
      throw e;
    }
  }

  private static void checkIntegrity(Path file) throws SQLException {
    try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
         Statement check = copy.createStatement();
         ResultSet result = check.executeQuery("PRAGMA integrity_check")) {
      String verdict = result.next() ? result.getString(1) : "no answer";
      if (!"ok".equals(verdict)) {
        throw new SQLException("the copy failed its integrity check: " + verdict);
      }
    }
  }
}
