package io.meshhub.questions;

import java.util.Arrays;
import java.util.Locale;

/** A question's status, with its wire name: pending until answered, timed out, or cancelled with its task. */
enum QuestionStatus {
  PENDING, ANSWERED, TIMED_OUT, CANCELLED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static QuestionStatus fromWire(String wire) {
    return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown question status " + wire));
  }
}
