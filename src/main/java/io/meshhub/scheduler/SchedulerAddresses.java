package io.meshhub.scheduler;

/** Event-bus addresses of the scheduler, the single owner of task state changes. */
public final class SchedulerAddresses {

  /** Request: a {@link NewTask}; reply: the created {@link Task}. */
  public static final String CREATE = "scheduler.create";
  /** Request: a {@link TaskPatch}; reply: the updated {@link Task}. */
  public static final String UPDATE = "scheduler.update";
  /** Request: a {@link TaskRef}; reply: the cancelled {@link Task}. */
  public static final String CANCEL = "scheduler.cancel";

  private SchedulerAddresses() {
  }
}
