-- A stamp keeps the moment it was activated once it is voided: the EPCIS events derived from a
-- print run (activated, later voided) must still show the activation that happened, under the
-- same event as before the void. Stamps move issued → active → void only, so the first
-- activation is the only one. Active stamps take it from their last change; a stamp voided
-- before this migration has no record of it (as before).
alter table stamps add column activated_at timestamptz;
update stamps set activated_at = state_changed_at where state = 'active';
alter table stamps add constraint stamps_activated_check check (state <> 'active' or activated_at is not null);
