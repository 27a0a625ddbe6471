package io.meshhub.scheduler;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A task's status, with its wire name; see the scheduler specification for the transitions. */
public enum TaskStatus {
  PENDING, STARTING, RUNNING, PAUSED, INTERRUPTED, DONE, FAILED, MERGED, CANCELLED;

  private static final Set<TaskStatus> FINAL = EnumSet.of(DONE, FAILED, MERGED, CANCELLED);
  /** On a daemon: reports about the task are accepted only from that daemon, and only in these statuses. */
  private static final Set<TaskStatus> ON_DAEMON = EnumSet.of(STARTING, RUNNING, PAUSED);

  /** The name used in JSON and in the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A final task never changes status again. */
  public boolean isFinal() {
    return FINAL.contains(this);
  }

  /** Whether the task ended with its work done (merged counts: it was done first). */
  public boolean succeeded() {
    return this == DONE || this == MERGED;
  }

  /** Whether the task holds a slot of a daemon. */
  public boolean isOnDaemon() {
    return ON_DAEMON.contains(this);
  }

  public static TaskStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown task status " + wire));
  }
}
