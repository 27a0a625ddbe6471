package io.meshhub.scheduler;

/** Event-bus addresses of the scheduler, the single owner of task state changes, and the facts it publishes. */
public final class SchedulerAddresses {

  /** Request: a {@link NewTask}; reply: the created {@link Task}. */
  public static final String CREATE = "scheduler.create";
  /** Request: a {@link SpawnRequest} of a supervisor (the spawn rules are the scheduler's); reply: the task. */
  public static final String SPAWN = "scheduler.spawn";
  /** Published fact: a supervisor spawned a task; the body is the {@link Task} (its {@code spawnedBy} the spawner). */
  public static final String SPAWNED = "task.spawned";
  /** Request: a {@link TaskPatch}; reply: the updated {@link Task}. */
  public static final String UPDATE = "scheduler.update";
  /** Request: a {@link TaskRef}; reply: the cancelled {@link Task}. */
  public static final String CANCEL = "scheduler.cancel";
  /** Request: a {@link TaskRef} of a failed or cancelled task; reply: the task, pending again. */
  public static final String RETRY = "scheduler.retry";
  /**
   * Request: a {@link MergeRequest}; the daemon holding the task's worktree merges it, a done task becomes merged,
   * the owner's history records it. Reply: {@code {taskId, success, message, commitSha, conflicts}}.
   */
  public static final String MERGE = "scheduler.merge";
  /**
   * Request: a {@link PullRequest} from a supervisor's own worktree; the daemon opens it, the owner's history
   * records it. Reply: {@code {taskId, success, message, prUrl, prNumber}}.
   */
  public static final String PULL_REQUEST = "scheduler.pullRequest";
  /**
   * Request: a {@link ResumeRequest} of a contract's supervisor; reply: {@code {status, daemonId, restorationCount}}.
   * Refused with ALREADY_RUNNING, NO_DAEMON (503), CONFLICT or INVALID_STATE (see supervisor-state.md).
   */
  public static final String RESUME = "scheduler.resume";
  /** Published fact: a {@link SupervisorRestarted} — a supervisor that ran before was placed on a daemon again. */
  public static final String SUPERVISOR_RESTARTED = "task.supervisorRestarted";
  /**
   * Published fact: {@code {ownerId, taskId, contractId}} — a work task of a contract with a red team started (its
   * spawn was delivered); the first one gives the contract its monitor.
   */
  public static final String RED_TEAM_WORK_STARTED = "task.redTeamWorkStarted";
  /**
   * Request: {@code {ownerId, contractId, plan}}; creates the contract's red-team monitor unless it has one. Reply:
   * {@code {created}}.
   */
  public static final String CREATE_RED_TEAM_MONITOR = "scheduler.createRedTeamMonitor";
  /** Send: something may let pending work start (a slot freed, a task made ready); runs coalesce. */
  public static final String KICK = "scheduler.kick";
  /** Published fact: a task reached a final status; the body is the {@link Task}. */
  public static final String TASK_COMPLETED = "task.completed";

  private SchedulerAddresses() {
  }
}
