// The migration files this build expects, in order. /readyz compares the database against it
// (Workers cannot list a folder); a test keeps it equal to the contents of migrations/.
export const MIGRATION_NAMES = [
  '00001_registry.sql',
  '00002_batches.sql',
  '00003_stamps.sql',
  '00004_scans.sql',
  '00005_findings.sql',
  '00006_console.sql',
  '00007_scans_recent.sql',
  '00008_contract_confirmation.sql',
  '00009_console_sign_in.sql',
  '00010_rate_limits.sql',
  '00011_scans_by_month.sql',
  '00012_counters_and_indexes.sql',
  '00013_passports.sql',
  '00014_product_photos.sql',
  '00015_check_run_progress.sql',
  '00016_epcis_events.sql',
  '00017_buyers.sql',
  '00018_activities_training.sql',
  '00019_pipeline_listings.sql',
  '00020_passports_signed_on_request.sql',
] as const;
