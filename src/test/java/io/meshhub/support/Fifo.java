package io.meshhub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Named pipes that tell a test when processes end: a process holds one open for writing while it lives, and the
 * reader sees the end of the pipe the moment the last holder is gone — an event, not a poll.
 */
public final class Fifo {

  private Fifo() {
  }

  public static Path create(Path path) {
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
      if (mkfifo.waitFor() != 0) {
        throw new AssertionError("mkfifo " + path + " failed");
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Completes when every writer of the FIFO has closed it: the processes holding it are gone. */
  public static CompletableFuture<Void> endOf(Path fifo) {
    return CompletableFuture.runAsync(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, runnable -> new Thread(runnable, "fifo-" + fifo.getFileName()).start());
  }
}
