package io.meshhub.directives;

import java.util.Arrays;
import java.util.Locale;

/** A directive's status, with its wire name. */
enum DirectiveStatus {
  DRAFT, PLANNING, ACTIVE, COMPLETED, FAILED, PAUSED, ARCHIVED;

  String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static DirectiveStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown directive status " + wire));
  }
}
