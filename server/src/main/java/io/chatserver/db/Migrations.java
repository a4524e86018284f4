package io.chatserver.db;

import io.chatserver.core.InvalidConfig;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Schema migrations at start-up (Flyway). A build refuses to start on a schema that a newer build
 * has migrated beyond what it knows (a downgrade): Flyway alone would start it silently.
 * docs/operations.md describes upgrades, rolling upgrades and downgrades.
 */
final class Migrations {

  private Migrations() {}

  static void run(DataSource dataSource, String location) {
    Flyway flyway = Flyway.configure().dataSource(dataSource).locations(location).load();
    refuseNewerSchema(flyway.info());
    flyway.migrate();
  }

  private static void refuseNewerSchema(MigrationInfoService info) {
    MigrationInfo[] unknown = Arrays.stream(info.applied())
        .filter(m -> m.getState().name().startsWith("FUTURE"))
        .toArray(MigrationInfo[]::new);
    if (unknown.length == 0) {
      return;
    }
    String known = Arrays.stream(info.all())
        .filter(m -> !m.getState().name().startsWith("FUTURE") && m.getVersion() != null)
        .map(m -> m.getVersion().getVersion())
        .reduce((a, b) -> b).orElse("none");
    throw new InvalidConfig("the database schema is at version "
        + unknown[unknown.length - 1].getVersion() + ", newer than this build knows (version " + known
        + "): a newer build has upgraded it. Start that build (or a newer one), or restore a backup taken"
        + " before the upgrade (docs/operations.md, Downgrading)");
  }
}
