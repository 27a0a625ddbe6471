package io.meshhub.directives;

import java.util.Arrays;
import java.util.Locale;

/** A contract's status, with its wire name. */
public enum ContractStatus {
  ACTIVE, COMPLETED, ARCHIVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ContractStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown contract status " + wire));
  }
}
