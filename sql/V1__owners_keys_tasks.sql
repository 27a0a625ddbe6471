-- Owners, their keys, tasks and the two event logs. Every row belongs to exactly one owner.

create table owners (
  id         uuid primary key default gen_random_uuid(),
  name       text not null,
  admin      boolean not null default false,
  created_at timestamptz not null default now()
);

-- Keys are stored only as the SHA-256 of the key; the key itself is shown once and never kept.
create table api_keys (
  id         uuid primary key default gen_random_uuid(),
  owner_id   uuid not null references owners (id) on delete cascade,
  key_hash   bytea not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_owner on api_keys (owner_id);

create table tasks (
  id                 uuid primary key default gen_random_uuid(),
  owner_id           uuid not null references owners (id) on delete cascade,
  name               text not null,
  plan               text not null,
  status             text not null default 'pending',
  priority           integer not null default 0,
  version            integer not null default 1,
  daemon_id          uuid,
  contract_id        uuid,
  directive_id       uuid,
  directive_step_id  uuid,
  parent_task_id     uuid references tasks (id) on delete set null,
  depth              integer not null default 0,
  is_supervisor      boolean not null default false,
  repository_url     text,
  base_branch        text,
  target_branch      text,
  retry_count        integer not null default 0,
  max_retries        integer not null,
  failed_daemon_ids  uuid[] not null default '{}',
  error_message      text,
  output_summary     text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  started_at         timestamptz,
  completed_at       timestamptz,
  constraint tasks_status check (status in
    ('pending', 'starting', 'running', 'paused', 'interrupted', 'done', 'failed', 'merged', 'cancelled'))
);
create index tasks_owner_created on tasks (owner_id, created_at);
create index tasks_contract on tasks (contract_id) where contract_id is not null;
create index tasks_directive on tasks (directive_id) where directive_id is not null;
create index tasks_daemon on tasks (daemon_id) where daemon_id is not null;
-- The try-start-pending loop reads waiting work by priority, then age.
create index tasks_waiting on tasks (priority desc, created_at) where status in ('pending', 'interrupted');

-- A tool key authenticates one attempt of one task; it is revoked when the task is re-dispatched or final.
create table tool_keys (
  id         uuid primary key default gen_random_uuid(),
  owner_id   uuid not null references owners (id) on delete cascade,
  task_id    uuid not null references tasks (id) on delete cascade,
  key_hash   bytea not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index tool_keys_task on tool_keys (task_id);

-- A task's own log: status changes, output entries, questions. The serial id is the reading cursor.
create table task_events (
  id         bigserial primary key,
  task_id    uuid not null references tasks (id) on delete cascade,
  owner_id   uuid not null references owners (id) on delete cascade,
  event_type text not null,
  event_data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index task_events_task on task_events (task_id, id);

-- The owner-wide history of contracts and tasks (spawns, status changes, merges, PRs, completions).
create table history_events (
  id          bigserial primary key,
  owner_id    uuid not null references owners (id) on delete cascade,
  contract_id uuid,
  task_id     uuid references tasks (id) on delete set null,
  entity      text not null,
  action      text not null,
  actor       text not null,
  data        jsonb not null default '{}',
  created_at  timestamptz not null default now()
);
create index history_events_owner on history_events (owner_id, id);
create index history_events_contract on history_events (contract_id, id) where contract_id is not null;
create index history_events_task on history_events (task_id, id) where task_id is not null;
