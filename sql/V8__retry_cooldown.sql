-- When a task was last taken off a lost daemon: after scheduler.retryCooldownMs that daemon may take it again, if
-- no other daemon of the owner can.
alter table tasks add column lost_at timestamptz;

-- The dispatcher reads each owner's waiting tasks in priority order, so that one owner's unplaceable backlog never
-- hides another owner's work.
create index tasks_owner_waiting on tasks (owner_id, priority desc, created_at)
  where status in ('pending', 'interrupted');

-- Tasks on daemons, read by the scheduler's sweep for tasks left on a daemon that is gone: without it the sweep
-- reads every task ever made.
create index tasks_on_daemon on tasks (daemon_id) where status in ('starting', 'running', 'paused');
