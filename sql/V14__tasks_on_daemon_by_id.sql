-- Every task passes through tasks_on_daemon on its way to done, and leaves an index entry behind under its daemon
-- until vacuum removes it: during a burst each daemon gathers hundreds. A completion or status report names the
-- task and its daemon, and with the daemon alone as key the planner (which estimates a handful of live entries per
-- daemon) scanned all of that daemon's entries, dead ones included, for each report: a burst's completions cost
-- Postgres more with every task the daemon had finished. With the task id in the key, the lookup goes straight to
-- the task's own entry, whichever index the planner picks.
drop index tasks_on_daemon;
create index tasks_on_daemon on tasks (daemon_id, id) where status in ('starting', 'running', 'paused');
