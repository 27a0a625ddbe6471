-- What a spawned task inherits from its supervisor: the worktree it shares and the commit it starts from.
alter table tasks add column supervisor_worktree_task_id uuid references tasks (id) on delete set null;
alter table tasks add column checkpoint_sha text;
