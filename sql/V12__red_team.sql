-- The red-team monitor of a contract (supervisor-state.md): a task of its own kind, one per contract however many of
-- its work tasks start at once, on however many hub nodes.
alter table tasks add column is_red_team boolean not null default false;
create unique index tasks_red_team_once on tasks (contract_id) where is_red_team;
