-- A monitor's verdict is stored once, however many nodes or completion paths hear it. Verdicts stored twice before
-- this rule are reduced to the one their step points at (else the first).
delete from evaluations e
using evaluations kept
where e.evaluation_type = 'monitoring' and kept.evaluation_type = 'monitoring'
  and e.contract_id = kept.contract_id and e.id <> kept.id
  and not exists (select 1 from steps s where s.last_evaluation_id = e.id)
  and (exists (select 1 from steps s where s.last_evaluation_id = kept.id)
       or (kept.created_at, kept.id) < (e.created_at, e.id));

create unique index evaluations_once_per_monitor on evaluations (contract_id)
  where evaluation_type = 'monitoring' and contract_id is not null;
