package io.chatserver.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded node's data directory holds password hashes, emails, private messages and the JWT
 * secret: it is made owner-only (rwx------) and its files rw-------. The database file is created
 * before SQLite opens it, so SQLite never creates it with the umask's mode; SQLite gives the -wal and
 * -shm files the mode of the database file. A directory or file found more open is tightened, with one
 * warning.
 */
public final class DataDir {

  private static final Logger log = LoggerFactory.getLogger(DataDir.class);
  public static final String DATABASE_FILE = "chat.db";
  /** What the node keeps in the directory (SQLite adds the -wal and -shm files next to the database). */
  private static final List<String> OWN_FILES =
      List.of(DATABASE_FILE, DATABASE_FILE + "-wal", DATABASE_FILE + "-shm", DATABASE_FILE + "-journal", "jwt-secret");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDir() {}

  /** Creates or tightens the directory and its files; returns the database file (created, empty, if new). */
  public static Path secure(Path dir) throws IOException {
    Path database = dir.resolve(DATABASE_FILE);
    if (!Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView("posix")) {
      Files.createDirectories(dir); // Windows: no POSIX modes to set
      return database;
    }
    List<Path> tightened = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      restrict(dir, DIRECTORY, tightened);
    } else {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
    for (String name : OWN_FILES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        restrict(file, FILE, tightened);
      }
    }
    if (!tightened.isEmpty()) {
      log.warn("Removed group and world access from {}: they hold password hashes, private messages and"
          + " the token secret", tightened);
    }
    try {
      Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException e) {
      // an existing database: its mode was checked above
    }
    return database;
  }

  private static void restrict(Path path, Set<PosixFilePermission> wanted, List<Path> tightened) throws IOException {
    Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
    if (!wanted.containsAll(current)) {
      Set<PosixFilePermission> kept = java.util.EnumSet.noneOf(PosixFilePermission.class);
      kept.addAll(current);
      kept.retainAll(wanted); // only take away: never grant the owner what they did not have
      Files.setPosixFilePermissions(path, kept);
      tightened.add(path);
    }
  }

  private static Path existingAncestor(Path dir) {
    Path p = dir.toAbsolutePath();
    while (!Files.exists(p)) {
      p = p.getParent();
    }
    return p;
  }
}
