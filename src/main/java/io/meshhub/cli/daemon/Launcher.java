package io.meshhub.cli.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code meshhub} command agents find first on their {@code PATH}: a script that runs this same jar (the same
 * Java, the same class path) as the command line, so that the hub's prompts work as written.
 */
final class Launcher {

  private Launcher() {
  }

  /** Writes {@code <dir>/meshhub} and returns the directory. */
  static Path write(Path dir) throws IOException {
    String java = ProcessHandle.current().info().command()
      .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String script = """
      #!/bin/sh
      # Written by the meshhub daemon: the meshhub command line, from the daemon's own jar.
      exec %s -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp %s io.meshhub.Main "$@"
      """.formatted(quote(java), quote(absoluteClassPath()));
    Files.createDirectories(dir);
    Path launcher = dir.resolve("meshhub");
    Files.writeString(launcher, script);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** Agents run in their worktrees: a class path given relative to where the daemon started would not resolve. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
      .collect(Collectors.joining(File.pathSeparator));
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
