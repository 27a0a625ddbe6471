package io.meshhub.scheduler;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A task's status, with its wire name; see the scheduler specification for the transitions. */
public enum TaskStatus {
  PENDING, STARTING, RUNNING, PAUSED, INTERRUPTED, DONE, FAILED, MERGED, CANCELLED;

  private static final Set<TaskStatus> FINAL = EnumSet.of(DONE, FAILED, MERGED, CANCELLED);

  /** The name used in JSON and in the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A final task never changes status again. */
  public boolean isFinal() {
    return FINAL.contains(this);
  }

  /** The wire names of the final statuses, for SQL guards. */
  static String[] finalWireNames() {
    return FINAL.stream().map(TaskStatus::wire).toArray(String[]::new);
  }

  public static TaskStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown task status " + wire));
  }
}
