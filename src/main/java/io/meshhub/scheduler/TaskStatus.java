package io.meshhub.scheduler;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A task's status, with its wire name; see the scheduler specification for the transitions. */
public enum TaskStatus {
  PENDING, STARTING, RUNNING, PAUSED, INTERRUPTED, DONE, FAILED, MERGED, CANCELLED;

  /** Every task's JSON and row carries its status: the names are made once, not per call. */
  private static final Map<String, TaskStatus> BY_WIRE = Arrays.stream(values())
    .collect(Collectors.toUnmodifiableMap(TaskStatus::wire, Function.identity()));
  private final String wire = name().toLowerCase(Locale.ROOT);

  private static final Set<TaskStatus> FINAL = EnumSet.of(DONE, FAILED, MERGED, CANCELLED);
  /** On a daemon: reports about the task are accepted only from that daemon, and only in these statuses. */
  private static final Set<TaskStatus> ON_DAEMON = EnumSet.of(STARTING, RUNNING, PAUSED);

  /** The name used in JSON and in the database. */
  public String wire() {
    return wire;
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
    TaskStatus status = wire == null ? null : BY_WIRE.get(wire);
    if (status == null) {
      throw new IllegalArgumentException("unknown task status " + wire);
    }
    return status;
  }
}
