package io.meshhub.app;

import io.meshhub.core.MeshhubConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hub's Postgres: the external server named by {@code db.url}, or an embedded one that the hub starts in a
 * persistent data directory and stops on close. Starting and stopping block: call them off the event loop.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** The file lock zonky holds on a data directory while its Postgres runs. */
  private static final String EMBEDDED_LOCK_FILE = "epg-lock";

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private Database(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    // The hub's statements each touch a handful of rows, but the planner's estimates for the dispatcher's
    // per-owner reads can pass the JIT threshold; compiling them took half a second per run on Postgres 15.
    this.connectOptions = connectOptions.addProperty("jit", "off");
    this.embedded = embedded;
  }

  /** Connects to {@code db.url}, or starts the embedded Postgres when it is empty. Blocking. */
  public static Database open(MeshhubConfig.Db config) throws IOException {
    if (!config.embedded()) {
      return new Database(PgConnectOptions.fromUri(config.url()), null);
    }
    Path dataDir = Path.of(config.dataDir()).toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    stopOrphanedPostmaster(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
      .setDataDirectory(dataDir)
      .setCleanDataDirectory(false)
      .setRegisterShutdownHook(false)
      .setPGStartupWait(Duration.ofSeconds(60))
      // The embedding library turns synchronous commit off for test speed; the hub acknowledges nothing that is not
      // durable, so it is back on.
      .setServerConfig("synchronous_commit", "on");
    if (config.port() > 0) {
      builder.setPort(config.port());
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("Embedded Postgres running on port {} with data in {}", postgres.getPort(), dataDir);
    PgConnectOptions options = new PgConnectOptions()
      .setHost("localhost")
      .setPort(postgres.getPort())
      .setDatabase("postgres")
      .setUser("postgres");
    return new Database(options, postgres);
  }

  /** A fresh copy of the connection options (they are mutable). */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  /** The JDBC URL Flyway uses (user and password travel separately). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
      + connectOptions.getDatabase();
  }

  /** Stops the embedded Postgres, if this hub started one. Blocking. */
  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  /**
   * A hub killed with -9 leaves its embedded postmaster running, which would refuse the next start. When no live
   * hub holds the data directory's lock, such a postmaster is an orphan: stop it before starting ours.
   */
  private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (RandomAccessFile lockFile = new RandomAccessFile(dataDir.resolve(EMBEDDED_LOCK_FILE).toFile(), "rw");
         FileLock lock = lockFile.getChannel().tryLock()) {
      if (lock == null) {
        throw new IllegalStateException("the data directory " + dataDir + " is used by another running hub");
      }
      Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile).stream().findFirst()
        .map(String::trim).filter(line -> line.matches("\\d+")).map(Long::parseLong)
        .flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
      if (postmaster.isPresent()) {
        log.warn("Stopping an orphaned embedded Postgres (pid {}) left by a hub that did not stop cleanly",
          postmaster.get().pid());
        awaitExit(postmaster.get());
      }
    }
  }

  private static void awaitExit(ProcessHandle process) throws IOException {
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned Postgres", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("an orphaned Postgres (pid " + process.pid() + ") did not stop", e);
    }
  }
}
