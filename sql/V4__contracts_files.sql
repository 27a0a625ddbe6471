-- Contracts (units of work: a supervisor task, worker tasks, repositories, files) and their files.

create table contracts (
  id                        uuid primary key default gen_random_uuid(),
  owner_id                  uuid not null references owners (id) on delete cascade,
  name                      text not null,
  description               text,
  contract_type             text not null default 'simple',
  phase                     text not null default 'plan',
  status                    text not null default 'active',
  local_only                boolean not null default false,
  auto_merge_local          boolean not null default false,
  autonomous_loop           boolean not null default false,
  phase_guard               boolean not null default false,
  red_team_enabled          boolean not null default false,
  red_team_prompt           text,
  supervisor_task_id        uuid references tasks (id) on delete set null,
  directive_id              uuid references directives (id) on delete set null,
  is_directive_orchestrator boolean not null default false,
  version                   integer not null default 1,
  created_at                timestamptz not null default now(),
  updated_at                timestamptz not null default now(),
  completed_at              timestamptz,
  constraint contracts_status check (status in ('active', 'completed', 'archived'))
);
create index contracts_owner on contracts (owner_id, created_at);
create index contracts_directive on contracts (directive_id) where directive_id is not null;

create table contract_repositories (
  id             uuid primary key default gen_random_uuid(),
  contract_id    uuid not null references contracts (id) on delete cascade,
  owner_id       uuid not null references owners (id) on delete cascade,
  name           text not null,
  repository_url text,
  local_path     text,
  is_primary     boolean not null default false,
  -- The clock, not the transaction's start: repositories added together keep the order they were given in.
  created_at     timestamptz not null default clock_timestamp()
);
create index contract_repositories_contract on contract_repositories (contract_id, created_at);

-- A file is a document: a list of body elements (heading, paragraph, code, markdown) kept as JSON.
create table files (
  id          uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contracts (id) on delete cascade,
  owner_id    uuid not null references owners (id) on delete cascade,
  name        text not null,
  body        jsonb not null default '[]',
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index files_contract on files (contract_id, created_at);

-- From now on a task's contract must exist (rows written before contracts existed are not checked).
alter table tasks add constraint tasks_contract foreign key (contract_id) references contracts (id)
  on delete set null not valid;
