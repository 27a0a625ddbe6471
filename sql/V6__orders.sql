-- Orders: backlog items (features, bugs, spikes, chores) that owners file, and that directive tasks file for later.

alter table directives add column repository_url text;

create table orders (
  id             uuid primary key default gen_random_uuid(),
  owner_id       uuid not null references owners (id) on delete cascade,
  title          text not null,
  description    text,
  priority       text not null default 'medium',
  status         text not null default 'open',
  order_type     text not null default 'spike',
  labels         jsonb not null default '[]',
  directive_id   uuid references directives (id) on delete set null,
  repository_url text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint orders_priority check (priority in ('low', 'medium', 'high', 'critical')),
  constraint orders_status check (status in ('open', 'in_progress', 'done', 'cancelled')),
  constraint orders_type check (order_type in ('feature', 'bug', 'spike', 'chore'))
);
create index orders_owner on orders (owner_id, created_at);
create index orders_directive on orders (directive_id) where directive_id is not null;
