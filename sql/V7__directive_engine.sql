-- The directive engine: a directive's goal and criteria, the chain of steps its planner proposes, each step's
-- evaluations, and the audit log of everything that happens to it.

alter table directives
  add column goal                        text not null default '',
  add column requirements                jsonb not null default '[]',
  add column acceptance_criteria         jsonb not null default '[]',
  add column constraints                 jsonb not null default '[]',
  add column status                      text not null default 'draft',
  add column local_path                  text,
  add column base_branch                 text,
  add column max_chain_regenerations     integer not null default 2,
  add column chain_generation_count      integer not null default 0,
  add column max_rework_cycles           integer not null default 3,
  add column confidence_threshold_green  double precision not null default 0.8,
  add column confidence_threshold_yellow double precision not null default 0.5,
  add column current_chain_id            uuid,
  add column orchestrator_contract_id    uuid references contracts (id) on delete set null,
  add column version                     integer not null default 1,
  add constraint directives_status check (status in
    ('draft', 'planning', 'active', 'completed', 'failed', 'paused', 'archived'));

create table chains (
  id                   uuid primary key default gen_random_uuid(),
  directive_id         uuid not null references directives (id) on delete cascade,
  owner_id             uuid not null references owners (id) on delete cascade,
  name                 text not null,
  status               text not null default 'active',
  completed_step_count integer not null default 0,
  failed_step_count    integer not null default 0,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint chains_status check (status in ('active', 'completed', 'failed'))
);
-- One chain per planning round: concurrent submissions of a plan create one.
create unique index chains_one_per_directive on chains (directive_id) where status = 'active';
alter table directives add constraint directives_current_chain foreign key (current_chain_id)
  references chains (id) on delete set null;

create table steps (
  id                     uuid primary key default gen_random_uuid(),
  chain_id               uuid not null references chains (id) on delete cascade,
  directive_id           uuid not null references directives (id) on delete cascade,
  owner_id               uuid not null references owners (id) on delete cascade,
  name                   text not null,
  description            text,
  task_plan              text not null,
  depends_on             uuid[] not null default '{}',
  order_index            integer not null,
  status                 text not null default 'pending',
  rework_count           integer not null default 0,
  contract_id            uuid references contracts (id) on delete set null,
  task_id                uuid references tasks (id) on delete set null,
  monitoring_contract_id uuid references contracts (id) on delete set null,
  monitoring_task_id     uuid references tasks (id) on delete set null,
  score                  double precision,
  confidence             text,
  last_evaluation_id     uuid,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  constraint steps_status check (status in ('pending', 'running', 'evaluating', 'passed', 'failed')),
  unique (chain_id, name)
);
create index steps_chain on steps (chain_id, order_index);

create table evaluations (
  id                  uuid primary key default gen_random_uuid(),
  directive_id        uuid not null references directives (id) on delete cascade,
  owner_id            uuid not null references owners (id) on delete cascade,
  chain_id            uuid references chains (id) on delete cascade,
  step_id             uuid references steps (id) on delete cascade,
  contract_id         uuid references contracts (id) on delete set null,
  evaluation_type     text not null default 'monitoring',
  evaluator           text not null default 'automated',
  passed              boolean not null,
  overall_score       double precision,
  confidence_level    text,
  criteria_results    jsonb not null default '[]',
  summary_feedback    text,
  rework_instructions text,
  created_at          timestamptz not null default now()
);
create index evaluations_directive on evaluations (directive_id, created_at);

create table directive_events (
  id           bigserial primary key,
  directive_id uuid not null references directives (id) on delete cascade,
  owner_id     uuid not null references owners (id) on delete cascade,
  chain_id     uuid,
  step_id      uuid,
  event_type   text not null,
  severity     text not null default 'info',
  data         jsonb not null default '{}',
  actor        text not null default 'system',
  actor_id     uuid,
  created_at   timestamptz not null default now(),
  constraint directive_events_severity check (severity in ('info', 'warn', 'error')),
  constraint directive_events_actor check (actor in ('system', 'user', 'task'))
);
create index directive_events_directive on directive_events (directive_id, id);
