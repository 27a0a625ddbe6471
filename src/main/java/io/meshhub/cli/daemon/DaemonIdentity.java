package io.meshhub.cli.daemon;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The daemon id the hub gave this daemon, kept in its workdir: a restarted daemon registers with it, keeps its
 * identity, and the hub reconciles the tasks it says it still runs.
 */
final class DaemonIdentity {

  private final Path file;
  private String daemonId;

  DaemonIdentity(Path workdir) {
    this.file = workdir.resolve("daemon.json");
    if (Files.exists(file)) {
      try {
        daemonId = new JsonObject(Files.readString(file)).getString("daemonId");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  Optional<String> daemonId() {
    return Optional.ofNullable(daemonId);
  }

  /** Keeps the id the hub confirmed; written atomically so that a kill never leaves half a file. */
  void remember(String id) {
    if (id.equals(daemonId)) {
      return;
    }
    daemonId = id;
    try {
      Files.createDirectories(file.getParent());
      Path next = file.resolveSibling("daemon.json.next");
      Files.writeString(next, new JsonObject().put("daemonId", id).encodePrettily());
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
