-- UNTP passports: the Digital Product Passport and the Digital Traceability Event credential of
-- every sealed batch, signed (compact JWS, VC-JOSE-COSE) in the sealing transaction and never
-- changed after, so a credential verifies the same after key rotations. Each passport owns one
-- bit of the revocation status lists (Bitstring Status List): the bit is read from the batch's
-- state when the list is served (superseded, or under an open recall), so a correction, a recall
-- or a lift changes it in its own transaction, whichever code path made it.
create table passports (
  batch_id uuid primary key references batches (id),
  -- position across the status lists: list = index / 131072, bit = index % 131072
  status_index bigint generated always as identity (minvalue 0 start with 0) unique,
  dpp_jws text not null,
  dte_jws text not null,
  kid text not null references signing_keys (kid),
  issued_at timestamptz not null
);

create function passports_frozen() returns trigger language plpgsql as $$
begin
  raise exception 'the passport of batch % never changes once issued', old.batch_id using hint = 'CONFLICT';
end $$;
create trigger passports_frozen before update on passports
  for each row execute function passports_frozen();
