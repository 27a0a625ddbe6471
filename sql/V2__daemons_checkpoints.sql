-- Daemons, the checkpoints their tasks take, and what a retry needs to resume a task elsewhere.

create table daemons (
  id                   uuid primary key default gen_random_uuid(),
  owner_id             uuid not null references owners (id) on delete cascade,
  hostname             text not null,
  version              text,
  status               text not null default 'connected',
  max_concurrent_tasks integer not null,
  current_task_count   integer not null default 0,
  -- The hub node holding the socket, and the session on it: a stale session can never change a newer one's row.
  node                 text,
  session_id           uuid,
  connected_at         timestamptz,
  last_heartbeat_at    timestamptz,
  disconnected_at      timestamptz,
  created_at           timestamptz not null default now(),
  constraint daemons_status check (status in ('connected', 'disconnected')),
  constraint daemons_capacity check (max_concurrent_tasks >= 1 and current_task_count >= 0)
);
create index daemons_owner on daemons (owner_id);
-- The try-start-pending loop looks for connected daemons with a free slot.
create index daemons_free on daemons (owner_id)
  where status = 'connected' and current_task_count < max_concurrent_tasks;

create table checkpoints (
  id                uuid primary key default gen_random_uuid(),
  task_id           uuid not null references tasks (id) on delete cascade,
  owner_id          uuid not null references owners (id) on delete cascade,
  checkpoint_number integer not null,
  commit_sha        text not null,
  branch_name       text,
  message           text,
  files_changed     integer,
  lines_added       integer,
  lines_removed     integer,
  created_at        timestamptz not null default now(),
  unique (task_id, checkpoint_number)
);

-- The latest patch of a task (base64 of a git diff and the commit it applies to): what a retry resumes from.
create table checkpoint_patches (
  task_id        uuid primary key references tasks (id) on delete cascade,
  owner_id       uuid not null references owners (id) on delete cascade,
  checkpoint_id  uuid references checkpoints (id) on delete set null,
  patch_data     text not null,
  patch_base_sha text,
  created_at     timestamptz not null default now()
);

-- The agent's latest conversation, reported by the daemon, handed back on a retry so the session can resume.
alter table tasks add column conversation_history jsonb;
