-- Questions agents ask their owners, kept until answered and delivered, so none is lost on a restart.

-- The directive engine fills this table in later; the question broker already reads a directive's reconcile mode.
create table directives (
  id             uuid primary key default gen_random_uuid(),
  owner_id       uuid not null references owners (id) on delete cascade,
  title          text not null default '',
  reconcile_mode text not null default 'auto',
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint directives_reconcile_mode check (reconcile_mode in ('auto', 'semi-auto', 'manual'))
);
create index directives_owner on directives (owner_id);

create table questions (
  id            uuid primary key,
  owner_id      uuid not null references owners (id) on delete cascade,
  task_id       uuid not null references tasks (id) on delete cascade,
  contract_id   uuid,
  directive_id  uuid,
  question      text not null,
  choices       jsonb not null default '[]',
  context       text,
  multi_select  boolean not null default false,
  question_type text not null default 'general',
  phaseguard    boolean not null default false,
  -- pending → answered (delivered once delivered_at is set) | timed_out | cancelled
  status        text not null default 'pending',
  response      text,
  created_at    timestamptz not null default now(),
  answered_at   timestamptz,
  delivered_at  timestamptz,
  constraint questions_status check (status in ('pending', 'answered', 'timed_out', 'cancelled')),
  constraint questions_type check (question_type in ('general', 'phase_confirmation', 'contract_complete'))
);
create index questions_pending on questions (owner_id, created_at) where status = 'pending';
create index questions_task on questions (task_id) where status = 'pending';
