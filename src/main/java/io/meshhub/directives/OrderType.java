package io.meshhub.directives;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an order is, with its wire name; an order that does not say is a spike. */
enum OrderType {
  FEATURE, BUG, SPIKE, CHORE;

  static final OrderType DEFAULT = SPIKE;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a task (rather than its owner) may file it: work that a running agent discovers. */
  boolean fileableByTask() {
    return this == SPIKE || this == CHORE;
  }

  /** The type an order body names, the default when it names none; empty for a name that is no type. */
  static Optional<OrderType> of(String wire) {
    return wire == null ? Optional.of(DEFAULT)
      : Arrays.stream(values()).filter(type -> type.wire().equals(wire)).findFirst();
  }
}
