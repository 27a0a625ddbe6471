package io.meshhub.directives;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** A step's status, with its wire name: pending → running → evaluating → passed or failed (or pending again). */
enum StepStatus {
  PENDING, RUNNING, EVALUATING, PASSED, FAILED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static StepStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown step status " + wire));
  }

  static String[] wires(Collection<StepStatus> statuses) {
    return statuses.stream().map(StepStatus::wire).toArray(String[]::new);
  }
}
