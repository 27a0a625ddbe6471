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

  /** Published fact: {@code {taskId, messages}}, the conversation a task's daemon reported, saved. */
  public static final String CONVERSATION = "daemons.conversation";
  /** Published by the registry: {@code {daemonId}} is connected now and may take work. */
  public static final String CONNECTED = "daemons.connected";

  // What the registry and the sessions ask of the scheduler, which answers on these addresses: the daemons' side of
  // the conversation is theirs to define, so that the scheduler depends on daemons and not the other way round.

  /** Request from a daemon session: {@code {daemonId, sessionId, ownerId, frame}} with taskStatus or taskComplete. */
  public static final String TASK_REPORT = "scheduler.daemonReport";
  /**
   * Request from the registry: {@code {daemonId, sessionId, reason}}, the session that held the daemon ended. Unless
   * a newer session holds it, the daemon is disconnected and its tasks retried, in one transaction; reply
   * {@code {lost, interrupted}}.
   */
  public static final String LOST = "scheduler.daemonLost";
  /**
   * Request from the registry: {@code {daemonId, runningTaskIds}} of a daemon that is registering; reply:
   * {@code {interruptTaskIds, interruptedTaskIds}}, the listed tasks the daemon must stop and the unlisted tasks
   * taken off it.
   */
  public static final String RECONCILE = "scheduler.reconcileDaemon";

  /**
   * Request from a daemon session: {@code {daemonId, runningTaskIds, suspectTaskIds}} of a heartbeat; reply:
   * {@code {interruptTaskIds, missingTaskIds}} (the scheduler's {@code TaskRuns#heartbeat}).
   */
  public static final String RECONCILE_HEARTBEAT = "scheduler.reconcileHeartbeat";

  private static final String SESSION_PREFIX = "daemons.session.";

  private DaemonsAddresses() {
  }

  /** Where the live session of a daemon listens for commands, on whichever node holds its socket. */
  public static String session(UUID daemonId) {
    return SESSION_PREFIX + daemonId;
  }
}
