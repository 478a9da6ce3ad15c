-- A sealed batch's passport is fixed at the seal and signed when someone asks for it. The seal
-- stores the DPP's and the DTE's canonical JSON (dpp_json, dte_json: the exact bytes a JWS of them
-- signs; the DPP's link to the DTE hashes dte_json), and the public routes sign them with the
-- current key on first request, as they already do for DFRs and status lists. Signing both at the
-- seal cost a third of a seal. Rows issued before keep their stored JWS and are served as they
-- were; each credential of a row is kept in one form or the other. `kid` stays the key that was
-- current at the seal.
alter table passports alter column dpp_jws drop not null;
alter table passports alter column dte_jws drop not null;
alter table passports add column dpp_json text;
alter table passports add column dte_json text;
alter table passports add constraint passports_dpp_present check ((dpp_jws is null) <> (dpp_json is null));
alter table passports add constraint passports_dte_present check ((dte_jws is null) <> (dte_json is null));
