-- Resuming a supervisor (see supervisor-state.md).

-- A resume the owner asked for, read by each assignment of the task until the daemon reports the attempt running:
-- {source, freshSession, checkpointId}. An attempt that never ran is retried with the same request.
alter table tasks add column resume_request jsonb;

-- Each checkpoint of a supervisor keeps the whole patch from its base, so that the supervisor can be resumed from
-- any of its checkpoints, not only from the latest (which checkpoint_patches keeps for every task).
alter table checkpoints add column patch_data text, add column patch_base_sha text;
