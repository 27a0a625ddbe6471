package io.meshhub.app;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations of {@code sql/}. The build copies that folder onto the classpath, so the same
 * migrations run from a checkout, from tests and from the jar.
 */
public final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Migrates the database to the newest schema. Blocking. */
  public static void migrate(Database database) {
    PgConnectOptions options = database.connectOptions();
    MigrateResult result = Flyway.configure()
      .dataSource(database.jdbcUrl(), options.getUser(), options.getPassword())
      .locations("classpath:sql")
      .load()
      .migrate();
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    log.info("Database schema at version {} ({} migrations applied now)", version, result.migrationsExecuted);
  }
}
