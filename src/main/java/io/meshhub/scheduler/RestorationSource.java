package io.meshhub.scheduler;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a supervisor was restored on a daemon (supervisor-state.md), with its wire name. */
public enum RestorationSource {
  /** A daemon lost it (the daemon died or went silent) and the scheduler retried it. */
  DAEMON_RESTART,
  /** It went back to the queue with no daemon having lost it (its spawn never reached one) and was placed again. */
  TASK_REASSIGNMENT,
  /** Its owner resumed it. */
  MANUAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RestorationSource> fromWire(String wire) {
    return Arrays.stream(values()).filter(source -> source.wire().equals(wire)).findFirst();
  }
}
