-- Sustained dispatch rewrites the same few rows thousands of times a second: each daemon's slot count, and each
-- task three times (pending, starting, done). An update that changes no indexed column — predicates of partial
-- indexes count — can stay on its page (a HOT update) and add nothing to any index; any other adds an entry to
-- every index of the table, and the bloat slows every later read until vacuum catches up.

-- The dispatcher finds free daemons per owner (daemons_owner); this index made every slot change a full update.
drop index daemons_free;
-- Room on each page for the new versions of its rows.
alter table daemons set (fillfactor = 50);

-- Read by nothing since the dispatcher reads each owner's waiting tasks (tasks_owner_waiting), and every read by
-- daemon also names the statuses of tasks on a daemon (tasks_on_daemon).
drop index tasks_waiting;
drop index tasks_daemon;

-- A queue's table: vacuum and fresh statistics after 2 % of it changed, not 20 %, so that the planner's picture of
-- a growing backlog and the waiting tasks' index stay current.
alter table tasks set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
