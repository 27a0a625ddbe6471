package io.meshhub.questions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a directive's agents wait on their owner: {@code auto} briefly (then carry on), {@code semi-auto} and
 * {@code manual} as a phaseguard (the question stays until answered). Questions of a contract alone wait for the
 * timeout the agent asked for.
 */
enum ReconcileMode {
  AUTO, SEMI_AUTO, MANUAL;

  String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether every question waits as a phaseguard: the agent may not carry on without its owner. */
  boolean waitsForTheOwner() {
    return this != AUTO;
  }

  /** The mode of a directive's question; empty for a question of a contract alone. */
  static Optional<ReconcileMode> fromWire(String wire) {
    return Arrays.stream(values()).filter(mode -> mode.wire().equals(wire)).findFirst();
  }
}
