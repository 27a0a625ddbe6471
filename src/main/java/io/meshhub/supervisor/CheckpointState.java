package io.meshhub.supervisor;

import java.util.Locale;

/** What a checkpoint's answer says in place of its commit while the daemon has not reported it yet. */
enum CheckpointState {
  PENDING;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
