-- The console's recent-scans panel lists a cooperative's latest counted scans newest first
-- (GET /organizations/{id}/scans); without this it sorts the whole scan log.
create index scans_recent_idx on scans (at) where known and not is_bot;
