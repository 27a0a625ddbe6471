-- Supervisor state: one row per contract with a supervisor, saved at each save point so that a supervisor can be
-- resumed after its daemon is lost (see supervisor-state.md).

create table supervisor_states (
  contract_id          uuid primary key references contracts (id) on delete cascade,
  owner_id             uuid not null references owners (id) on delete cascade,
  task_id              uuid references tasks (id) on delete set null,
  phase                text not null default 'plan',
  state                text not null default 'initializing',
  current_activity     text,
  progress             integer not null default 0,
  error_message        text,
  conversation_history jsonb not null default '[]',
  -- When the hub first saw each message id of the conversation (a rewind of the code picks its checkpoint by it).
  message_seen_at      jsonb not null default '{}',
  pending_task_ids     uuid[] not null default '{}',
  spawned_task_ids     uuid[] not null default '{}',
  pending_questions    jsonb not null default '[]',
  restoration_count    integer not null default 0,
  last_restored_at     timestamptz,
  restoration_source   text,
  last_activity        timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint supervisor_states_state check (state in ('initializing', 'idle', 'working', 'waiting_for_user',
    'waiting_for_tasks', 'blocked', 'completed', 'failed', 'interrupted')),
  constraint supervisor_states_progress check (progress between 0 and 100),
  constraint supervisor_states_source check (restoration_source is null
    or restoration_source in ('daemon_restart', 'task_reassignment', 'manual'))
);
create index supervisor_states_task on supervisor_states (task_id);
create index supervisor_states_questions on supervisor_states using gin (pending_questions jsonb_path_ops);
create index supervisor_states_waiting on supervisor_states using gin (pending_task_ids);

-- Every contract that has a supervisor already gets its row.
insert into supervisor_states (contract_id, owner_id, task_id, phase)
select id, owner_id, supervisor_task_id, phase from contracts where supervisor_task_id is not null;
