package io.meshhub.directives;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A directive's status, with its wire name. */
enum DirectiveStatus {
  DRAFT, PLANNING, ACTIVE, COMPLETED, FAILED, PAUSED, ARCHIVED;

  private static final Set<DirectiveStatus> FINAL = EnumSet.of(COMPLETED, FAILED, ARCHIVED);

  String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean isFinal() {
    return FINAL.contains(this);
  }

  static DirectiveStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown directive status " + wire));
  }
}
