-- Raw-material links that cannot be self-asserted. A supply contract counts only once the other
-- side has vouched for it. Until then it is the buyer's word: it authorises no harvest, opens none
-- of the area's data, and the link checks treat it as no contract at all. Who confirms is the
-- domain's rule (src/domain/contracts.ts). The lifecycle is guarded below, so that concurrent or
-- hand-written changes cannot skip a step:
--
--   pending ──confirm──▶ confirmed ──end──▶ ended          (ended_on: the last day it covered)
--      │                    │
--      │ reject/withdraw    └─terms changed by the buyer──▶ pending (the confirmation is gone)
--      ▼
--   rejected / withdrawn
--
-- Rejected, withdrawn and ended contracts are history and never change again. Confirmed
-- contracts still lapse by their dates; that needs no state.
--
-- Also here: a batch goes into a value-chain model only when its cooperative is a member.

alter table supply_contracts
  add column status text not null default 'pending'
    check (status in ('pending', 'confirmed', 'rejected', 'withdrawn', 'ended')),
  -- who vouched, as the audit log names actors: { keyId, name, role, organizationId }
  add column confirmed_at timestamptz,
  add column confirmed_by jsonb,
  -- who rejected, withdrew or ended it, and why
  add column closed_at timestamptz,
  add column closed_by jsonb,
  add column close_reason text check (length(btrim(close_reason)) between 1 and 2000),
  add column ended_on date;

-- Existing contracts: before this migration only the buyer's own key (or an administrator, or
-- the demo seed) could record one. What an administrator or the system recorded stands, as an
-- administrator confirms at once from now on; what a cooperative key recorded, or what has no
-- audit entry at all, is the buyer's word and waits for the area's side like any new one.
update supply_contracts s
   set status = 'confirmed',
       confirmed_at = s.created_at,
       confirmed_by = jsonb_build_object('keyId', l.actor_key_id, 'name', l.actor, 'role', 'system',
                                         'organizationId', null, 'basis', '00008: recorded by an administrator')
  from (select distinct on (entity_id) entity_id, actor, actor_key_id
          from audit_log
         where entity = 'supply_contract' and action = 'create'
         order by entity_id, id) l
 where l.entity_id = s.id::text
   and (l.actor like 'admin:%' or l.actor like 'system:%');

alter table supply_contracts
  add constraint supply_contract_confirmation
    check ((status in ('confirmed', 'ended')) = (confirmed_at is not null)
           and (confirmed_at is null) = (confirmed_by is null)),
  add constraint supply_contract_closing
    check ((status in ('rejected', 'withdrawn', 'ended')) = (closed_at is not null)
           and (closed_at is null) = (closed_by is null)
           and (closed_at is null) = (close_reason is null)),
  add constraint supply_contract_end
    check ((status = 'ended') = (ended_on is not null)
           and (ended_on is null or (ended_on <= ends_on and ended_on >= starts_on - 1)));

-- "Waiting for you" lists read pending contracts by area.
create index supply_contracts_pending_idx on supply_contracts (area_id, seq) where status = 'pending';

-- The days each confirmed contract covers: from its start to its end date, or to the day it was
-- ended. Everything that asks "did this cooperative hold a contract for that area on that day"
-- (harvest authorisation reads the table itself, under a row lock) reads this.
create view supply_contract_terms as
  select id, area_id, cooperative_id, number, starts_on, least(ends_on, ended_on) as last_day
    from supply_contracts
   where status in ('confirmed', 'ended');

create function supply_contract_guard() returns trigger language plpgsql as $$
declare
  terms_changed boolean;
begin
  if tg_op = 'DELETE' then
    raise exception 'supply contract % is part of the record; end it instead', old.id using hint = 'CONFLICT';
  end if;
  if new.area_id <> old.area_id or new.cooperative_id <> old.cooperative_id then
    raise exception 'the parties of supply contract % cannot change; record a new contract', old.id
      using hint = 'CONFLICT';
  end if;
  if old.status in ('rejected', 'withdrawn', 'ended') then
    raise exception 'supply contract % is %; it cannot change', old.id, old.status using hint = 'CONFLICT';
  end if;
  terms_changed := (new.number, new.starts_on, new.ends_on) is distinct from (old.number, old.starts_on, old.ends_on);
  if old.status = 'pending' and new.status not in ('pending', 'confirmed', 'rejected', 'withdrawn') then
    raise exception 'a pending supply contract is confirmed, rejected or withdrawn, not %', new.status
      using hint = 'CONFLICT';
  end if;
  if old.status = 'confirmed' then
    -- what the other side vouched for stays as it was, unless someone vouches for the new terms
    if new.status = 'confirmed' and terms_changed
       and (new.confirmed_at, new.confirmed_by) is not distinct from (old.confirmed_at, old.confirmed_by) then
      raise exception 'the terms of confirmed supply contract % changed without a new confirmation', old.id
        using hint = 'CONFLICT';
    end if;
    if new.status = 'pending' and not terms_changed then
      raise exception 'confirmed supply contract % goes back to pending only when its terms change', old.id
        using hint = 'CONFLICT';
    end if;
    if new.status in ('rejected', 'withdrawn') then
      raise exception 'a confirmed supply contract is ended, not %', new.status using hint = 'CONFLICT';
    end if;
    if new.status = 'ended' and terms_changed then
      raise exception 'ending supply contract % cannot change its terms', old.id using hint = 'CONFLICT';
    end if;
  end if;
  return new;
end $$;
create trigger supply_contracts_guard before update or delete on supply_contracts
  for each row execute function supply_contract_guard();

-- A batch names a value-chain model only when its cooperative is a member of it (its lead or a
-- listed member): the model's public page and the stamp page show the batch as the model's.
-- Checked when the batch is written or its model changes, not when membership changes later.
create function batch_model_member() returns trigger language plpgsql as $$
begin
  if new.model_id is not null
     and (tg_op = 'INSERT' or new.model_id is distinct from old.model_id)
     and not exists (select 1 from value_chain_models m
                      where m.id = new.model_id
                        and (m.lead_cooperative_id = new.cooperative_id
                             or exists (select 1 from model_members mm
                                         where mm.model_id = m.id and mm.organization_id = new.cooperative_id))) then
    raise exception 'cooperative % is not a member of value-chain model %', new.cooperative_id, new.model_id
      using hint = 'FORBIDDEN',
            detail = json_build_object('modelId', new.model_id, 'cooperativeId', new.cooperative_id)::text;
  end if;
  return new;
end $$;
create trigger batches_model_member before insert or update of model_id on batches
  for each row execute function batch_model_member();
