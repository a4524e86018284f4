package io.chatserver.auth;

import io.chatserver.core.InvalidConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the HMAC key comes from: JWT_SECRET if set (at least 32 bytes, HS256's key size); otherwise,
 * on the embedded database only, a random key generated once into DATA_DIR/jwt-secret (rw-------).
 * A cluster (DATABASE_URL) must share one configured secret, so it refuses to start without one.
 */
public final class JwtSecret {

  public static final int MIN_BYTES = 32;
  static final String FILE = "jwt-secret";

  private JwtSecret() {}

  /**
   * {@code configured}: JWT_SECRET, or null; {@code shared}: other nodes check our tokens (an external
   * database), so a secret of our own in {@code dataDir} would not do.
   */
  public static byte[] resolve(String configured, boolean shared, Path dataDir) throws IOException {
    if (configured != null) {
      byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
      if (secret.length < MIN_BYTES) {
        throw new InvalidConfig("JWT_SECRET must be at least " + MIN_BYTES + " bytes long (got "
            + secret.length + "); generate one with: openssl rand -base64 48");
      }
      return secret;
    }
    if (shared) {
      throw new InvalidConfig("JWT_SECRET must be set when DATABASE_URL is set: every node sharing the"
          + " database must sign and check tokens with the same secret");
    }
    return fromDataDir(dataDir);
  }

  private static byte[] fromDataDir(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      String encoded = Base64.getEncoder().encodeToString(random);
      try {
        createOwnerOnly(file);
        Files.writeString(file, encoded, StandardCharsets.UTF_8);
      } catch (FileAlreadyExistsException e) {
        // Another process created it first; use theirs.
      }
    }
    byte[] secret = Files.readString(file, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_BYTES) {
      throw new InvalidConfig(file + " holds fewer than " + MIN_BYTES + " bytes; delete it to regenerate");
    }
    return secret;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) { // not a POSIX file system (Windows)
      Files.createFile(file);
    }
  }
}
