package io.meshhub.scheduler;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an owner resumes a supervisor (supervisor-state.md), with its wire name. */
public enum ResumeMode {
  /** Where it stopped: its session, its saved conversation, its latest checkpoint. */
  CONTINUE,
  /** The phase again, in a fresh session: the conversation is cleared, the code is kept. */
  RESTART_PHASE,
  /** From a checkpoint (the latest by default): its code, and the conversation as it was when it was taken. */
  FROM_CHECKPOINT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Placed on a daemon at once, rather than left to the queue. */
  public boolean startsNow() {
    return this != RESTART_PHASE;
  }

  /** The mode of this name; anything else is {@code INVALID_RESUME_MODE}, naming the modes. */
  public static ResumeMode fromWire(String wire) {
    return Arrays.stream(values()).filter(mode -> mode.wire().equals(wire)).findFirst()
      .orElseThrow(() -> new ApiException(ErrorCode.INVALID_RESUME_MODE, "body field 'resumeMode' must be one of "
        + Arrays.stream(values()).map(ResumeMode::wire).collect(Collectors.joining(", "))));
  }
}
