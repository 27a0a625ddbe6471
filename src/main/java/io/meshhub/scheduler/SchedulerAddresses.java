package io.meshhub.scheduler;

/** Event-bus addresses of the scheduler, the single owner of task state changes, and the facts it publishes. */
public final class SchedulerAddresses {

  /** Request: a {@link NewTask}; reply: the created {@link Task}. */
  public static final String CREATE = "scheduler.create";
  /** Request: a {@link TaskPatch}; reply: the updated {@link Task}. */
  public static final String UPDATE = "scheduler.update";
  /** Request: a {@link TaskRef}; reply: the cancelled {@link Task}. */
  public static final String CANCEL = "scheduler.cancel";
  /** Request: a {@link TaskRef} of a failed or cancelled task; reply: the task, pending again. */
  public static final String RETRY = "scheduler.retry";
  /** Request: a {@link TaskRef} of a done task whose work was merged; reply: the task, now merged. */
  public static final String MARK_MERGED = "scheduler.markMerged";
  /** Send: something may let pending work start (a daemon registered, a slot freed); runs coalesce. */
  public static final String KICK = "scheduler.kick";
  /** Request from a daemon session: {@code {daemonId, sessionId, ownerId, frame}} with taskStatus or taskComplete. */
  public static final String DAEMON_REPORT = "scheduler.daemonReport";
  /**
   * Request from the registry: {@code {daemonId, sessionId, reason}}, the session that held the daemon ended. Unless
   * a newer session holds it, the daemon is disconnected and its tasks retried, in one transaction; reply
   * {@code {lost, interrupted}}.
   */
  public static final String DAEMON_LOST = "scheduler.daemonLost";
  /**
   * Request from the registry: {@code {daemonId, runningTaskIds}} of a daemon that is registering; reply:
   * {@code {interruptTaskIds, interruptedTaskIds}}, the listed tasks the daemon must stop and the unlisted tasks
   * taken off it.
   */
  public static final String RECONCILE_DAEMON = "scheduler.reconcileDaemon";

  /**
   * Request from a daemon session: {@code {daemonId, runningTaskIds, suspectTaskIds}} of a heartbeat; reply:
   * {@code {interruptTaskIds, missingTaskIds}} (see {@code TaskRuns#heartbeat}).
   */
  public static final String RECONCILE_HEARTBEAT = "scheduler.reconcileHeartbeat";

  /** Published fact: a task reached a final status; the body is the {@link Task}. */
  public static final String TASK_COMPLETED = "task.completed";

  private SchedulerAddresses() {
  }
}
