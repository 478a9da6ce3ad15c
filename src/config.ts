// Service configuration, parsed once from a plain record of strings (process.env on Node,
// the bindings on Workers). Throws ConfigError naming each bad variable; never exits.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://trace.example.vn' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_BODY_BYTES: positiveInt.default(1_048_576),
  // Node: how long a stop (SIGTERM, SIGINT) may take to finish the requests in flight, write the
  // grouped scans and close the pool; past it, open connections are cut and the exit code is 1.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Node: /metrics (Prometheus text). On a port of its own (bound to METRICS_HOST), and/or on the
  // main port for a client that sends "Authorization: Bearer <METRICS_TOKEN>". Off when neither is set.
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 16)').optional(),
  DB_POOL_MAX: positiveInt.default(10),
  // Seconds a connection attempt may take: while the database is unreachable, what a request
  // waits at most before its 503.
  DB_CONNECT_TIMEOUT: z.coerce.number().positive().max(120).default(5),
  SIGNING_KEY_JWK: z.string().min(1).optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // How many reverse proxies in a row append to X-Forwarded-For: the client is the Nth hop from the right.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  SCAN_WARNING_THRESHOLD: positiveInt.default(10),
  SCAN_WARNING_AFTER_DAYS: positiveInt.default(365),
  PUBLIC_RATE_LIMIT: positiveInt.default(120),
  UNKNOWN_SERIAL_RATE_LIMIT: positiveInt.default(20),
  REPORT_RATE_LIMIT: positiveInt.default(5),
  // Provincial programme report (GET /api/v1/report/programme): targets and rule settings.
  PROGRAMME_FROM_YEAR: z.coerce.number().int().min(2000).max(2100).default(2022),
  PROGRAMME_TO_YEAR: z.coerce.number().int().min(2000).max(2100).default(2025),
  TARGET_NEW_PRODUCTS_PER_YEAR: z.coerce.number().int().min(0).default(10),
  TARGET_RATED_3STAR_PERIOD: z.coerce.number().int().min(0).default(40),
  TARGET_MAINTAINED_PER_YEAR_MIN: z.coerce.number().int().min(0).default(10),
  TARGET_MAINTAINED_PER_YEAR_MAX: z.coerce.number().int().min(0).default(20),
  TARGET_ECOMMERCE_PRODUCTS: z.coerce.number().int().min(0).default(200),
  TARGET_STABLE_CHAIN_MIN: z.coerce.number().int().min(0).default(20),
  TARGET_STABLE_CHAIN_MAX: z.coerce.number().int().min(0).default(30),
  TARGET_WORKING_MODELS: z.coerce.number().int().min(0).default(4),
  TARGET_WORKING_MODELS_PER_YEAR: z.coerce.number().int().min(0).default(1),
  TARGET_ACTIVE_UNITS_PERCENT: z.coerce.number().int().min(0).max(100).default(100),
  TARGET_TRAINED_PEOPLE_PERCENT: z.coerce.number().int().min(0).max(100).default(100),
  STABLE_CONTRACT_MONTHS: positiveInt.default(36),
  // The OCOP product pipeline: a candidate with no new stage for this many months has stalled.
  PIPELINE_STALL_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
  // Link checks (src/checks): thresholds of the rules.
  CHECK_UNUSED_LOT_DAYS: positiveInt.default(45),
  CHECK_STAMP_FACTOR: z.coerce.number().min(1).default(2),
  CHECK_SCAN_PEER_FACTOR: z.coerce.number().min(1).default(5),
  CHECK_SCAN_MINIMUM: positiveInt.default(10),
  CHECK_UNKNOWN_SERIAL_RUN: positiveInt.default(5),
  // When the link checks run by themselves: a cron expression in UTC (19:00 UTC is 02:00 in
  // Vietnam) or "off". On Workers the cron triggers of wrangler.toml fire; "off" skips them.
  CHECKS_SCHEDULE: z
    .string()
    .trim()
    .regex(/^(off|\S+(\s+\S+){4})$/i, 'must be "off" or a cron expression of five fields, such as "0 19 * * *"')
    .default('0 19 * * *'),
  // How many months a scan keeps its raw personal details (the network hash and the position a
  // visitor shared); older months are anonymised by the daily upkeep, their counts kept. "off" keeps
  // them for ever.
  SCAN_RETENTION_MONTHS: z
    .string()
    .trim()
    .regex(/^(off|[1-9][0-9]?|1[0-9]{2})$/i, 'must be "off" or a number of months from 1 to 199, such as 12')
    .default('12')
    .transform((v) => (v.toLowerCase() === 'off' ? null : Number(v))),
  // Whether sealing a batch runs the link checks scoped to it (after the seal commits, in the background).
  CHECKS_AFTER_SEAL: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Buyers' recall webhooks may go to http://127.0.0.1 or localhost (a receiver on this machine,
  // for testing); otherwise only to public https addresses.
  WEBHOOK_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Console sign-in: how long a session lasts from sign-in (not extended by activity).
  SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  KEY_ENCRYPTION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters of random data (openssl rand -base64 32)')
    .optional(),
});

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_BASE_URL'> & { PUBLIC_BASE_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as shells and .env files often leave them.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const c = parsed.data;
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT)
    throw new ConfigError([{ variable: 'METRICS_PORT', message: 'must differ from PORT' }]);
  return { ...c, PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}` };
}
