package io.meshhub.daemons;

import java.util.UUID;

/** Event-bus addresses of the daemon registry and of the daemon sessions. */
public final class DaemonsAddresses {

  /** Request from a session: a daemon sent {@code register}; reply: its id and the tasks it must stop. */
  static final String REGISTER = "daemons.register";
  /** Request from a session: {@code {ownerId, daemonId}}; fails unless the id is new or that owner's daemon. */
  static final String CLAIM = "daemons.claim";
  /** Send from a session: a heartbeat arrived. */
  static final String HEARTBEAT = "daemons.heartbeat";
  /** Request from a session: a report about a task (output, checkpoint, conversation). */
  static final String REPORT = "daemons.report";
  /** Send from a session: its socket closed or went silent. */
  static final String DISCONNECTED = "daemons.disconnected";

  private static final String SESSION_PREFIX = "daemons.session.";

  private DaemonsAddresses() {
  }

  /** Where the live session of a daemon listens for commands, on whichever node holds its socket. */
  public static String session(UUID daemonId) {
    return SESSION_PREFIX + daemonId;
  }
}
