package io.meshhub.directives;

import java.util.Locale;

/** A chain's status, with its wire name: active until all its steps passed (completed) or one failed (failed). */
enum ChainStatus {
  ACTIVE, COMPLETED, FAILED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
