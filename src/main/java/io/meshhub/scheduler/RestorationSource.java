package io.meshhub.scheduler;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a supervisor was restored on a daemon (supervisor-state.md), with its wire name. */
public enum RestorationSource {
  /** Its daemon was lost and the scheduler retried it elsewhere. */
  DAEMON_RESTART,
  /** It went back to the queue for another reason (a spawn that did not reach its daemon) and was placed again. */
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
