// Cloudflare Workers entry point: configuration from bindings, postgres.js over Hyperdrive's
// connection string, one client per request (Hyperdrive pools the real connections), closed
// after the answer with waitUntil. The public routes' caches and limits live as long as the
// isolate (built with its configuration); the flood limit is the PUBLIC_FLOOD Rate Limiting
// binding when wrangler.toml declares it. Migrations are applied from Node (`npm run migrate`); /readyz
// here reports whether they have been. The cron triggers of wrangler.toml run the link checks
// (`scheduled`), unless CHECKS_SCHEDULE is "off".
import { createApp } from '../app';
import { runScheduledChecks } from '../checks/record';
import { checkSettings } from '../checks/run';
import { parseConfig, type Config } from '../config';
import { createSql } from '../db/client';
import { createKeyring } from '../db/keyring';
import { createPublicState, type PublicState } from '../http/public/state';
import { keepScanLog } from '../scanning/scan-log-upkeep';
import { deliverDueWebhooks } from '../recalls/webhooks';
import { fillEpcisEvents, pinEpcisBaseUrl } from '../db/epcis-derived-store';
import { bindingLimit, isRateLimitBinding } from './worker-rate-limit';
import { bundledLabelCatalog } from './labels-worker';
import { bundledPhotoCodecs } from './photos-worker';
import { scryptPasswordHasher } from './passwords-node';
import { createLogger } from '../log';

interface Env {
  HYPERDRIVE: { connectionString: string };
  [binding: string]: unknown;
}

interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  props: unknown;
}

let cached: { config: Config; source: string } | undefined;
let isolate: { config: Config; flood: unknown; state: PublicState } | undefined;
// scrypt from node:crypto (nodejs_compat); stateless, so one per isolate.
const passwords = scryptPasswordHasher();
let epcisBasePinned = false;

function configFrom(env: Env): Config {
  const strings: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') strings[k] = v;
  strings.DATABASE_URL = env.HYPERDRIVE.connectionString;
  const source = JSON.stringify(strings);
  if (cached?.source !== source) cached = { config: parseConfig(strings), source };
  return cached.config;
}

/**
 * The public routes' state of this isolate, for this configuration: caches and limits outlive
 * the request (no database handle in it: every request brings its own). Stale entries of the
 * batch views and recalls expire by time, as on Node.
 */
function publicStateFor(env: Env, config: Config): PublicState {
  const flood = env.PUBLIC_FLOOD;
  if (isolate?.config === config && isolate.flood === flood) return isolate.state;
  const own = createPublicState(config);
  // Without the binding (an older wrangler.toml) the flood limit stays in this isolate's memory.
  const state = isRateLimitBinding(flood) ? { ...own, requests: bindingLimit(flood, 60) } : own;
  isolate = { config, flood, state };
  return state;
}

/** The scheduled run of the link checks; its slot is the trigger's time, so a retried trigger runs once. */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const config = configFrom(env);
  const log = createLogger(config.LOG_LEVEL);
  // The frequent trigger only retries recall notices' webhooks (wrangler.toml: WEBHOOK_CRON).
  if (controller.cron === WEBHOOK_CRON) return deliverWebhooksOnSchedule(config, log);
  await keepScanLogOnSchedule(config, log);
  await deliverWebhooksOnSchedule(config, log);
  await fillEpcisEventsOnSchedule(config, log);
  if (config.CHECKS_SCHEDULE.toLowerCase() === 'off') {
    log.info('link checks not run: CHECKS_SCHEDULE is off', { cron: controller.cron });
    return;
  }
  const sql = createSql(config.DATABASE_URL!, { max: 1, connectTimeout: config.DB_CONNECT_TIMEOUT });
  try {
    const slot = new Date(controller.scheduledTime);
    const s = await runScheduledChecks(sql, checkSettings(config), slot, () => new Date());
    log.info(s ? 'scheduled link checks ran' : 'scheduled link checks already ran', {
      slot: slot.toISOString(),
      ...(s ? { found: s.found, new: s.new, ms: s.ms } : {}),
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The cron trigger that retries webhooks between the daily runs (the first of the backoff waits is a minute). */
const WEBHOOK_CRON = '*/5 * * * *';

/** Recall notices' webhooks due for a (re)try, on every cron trigger (a recall sends its own through waitUntil). */
async function deliverWebhooksOnSchedule(config: Config, log: ReturnType<typeof createLogger>): Promise<void> {
  const sql = createSql(config.DATABASE_URL!, { max: 1, connectTimeout: config.DB_CONNECT_TIMEOUT });
  try {
    const r = await deliverDueWebhooks(sql, {
      now: new Date(),
      baseUrl: config.PUBLIC_BASE_URL,
      log,
      allowLoopbackHttp: config.WEBHOOK_ALLOW_LOOPBACK,
    });
    if (r.attempted) log.info('recall notice webhooks', { ...r });
  } catch (e) {
    log.error('webhook deliveries failed', { error: e instanceof Error ? e.message : String(e) });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** EPCIS events of older records, for at most 20 s a trigger; the next trigger goes on from there. */
async function fillEpcisEventsOnSchedule(config: Config, log: ReturnType<typeof createLogger>): Promise<void> {
  const sql = createSql(config.DATABASE_URL!, { max: 1, connectTimeout: config.DB_CONNECT_TIMEOUT });
  const until = Date.now() + 20_000;
  try {
    await pinEpcisBaseUrl(sql, config.PUBLIC_BASE_URL);
    const filled = await fillEpcisEvents(sql, { stop: () => Date.now() > until });
    if (filled.records) log.info('EPCIS events back-filled', { records: filled.records, events: filled.events });
  } catch (e) {
    log.error('EPCIS back-fill failed', { error: e instanceof Error ? e.message : String(e) });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The scan log's upkeep (partitions ahead, retention) on every cron trigger; it is quick when there is nothing to do. */
async function keepScanLogOnSchedule(config: Config, log: ReturnType<typeof createLogger>): Promise<void> {
  const sql = createSql(config.DATABASE_URL!, { max: 1, connectTimeout: config.DB_CONNECT_TIMEOUT });
  try {
    const u = await keepScanLog(sql, new Date(), { retentionMonths: config.SCAN_RETENTION_MONTHS });
    log.info('scan log upkeep', {
      monthsCreated: u.monthsCreated,
      rowsSettled: u.rowsSettled,
      monthsAnonymised: u.monthsAnonymised,
    });
  } catch (e) {
    log.error('scan log upkeep failed', { error: e instanceof Error ? e.message : String(e) });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export default {
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    await scheduled(controller, env);
  },
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let config: Config;
    try {
      config = configFrom(env);
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      return Response.json(
        { error: { code: 'INTERNAL', message: 'The service is misconfigured', details: null, requestId: '' } },
        { status: 500 },
      );
    }
    const sql = createSql(config.DATABASE_URL!, {
      max: 5,
      connectTimeout: config.DB_CONNECT_TIMEOUT,
    });
    // The origin of our EPCIS identifiers, pinned once per isolate before a write derives events
    // (reads derive nothing, so they never wait for it)
    if (!epcisBasePinned && request.method !== 'GET' && request.method !== 'HEAD') {
      try {
        await pinEpcisBaseUrl(sql, config.PUBLIC_BASE_URL);
        epcisBasePinned = true;
      } catch {
        // the database may be down: the request answers for itself, the next one pins
      }
    }
    const app = createApp({
      sql,
      config,
      clock: () => new Date(),
      log: createLogger(config.LOG_LEVEL),
      keyring: createKeyring(sql, config, { requireSealedKeys: true, requiredBecause: 'on Cloudflare Workers' }),
      labels: bundledLabelCatalog(),
      passwords,
      photos: bundledPhotoCodecs(),
      publicState: publicStateFor(env, config),
      // Set by Cloudflare's edge for every request; a client cannot choose it.
      peerAddress: (c) => c.req.header('cf-connecting-ip'),
    });
    // Work the app hands to waitUntil (the link checks after a seal) still needs the client: it is
    // closed once that work has settled, not as soon as the answer is out.
    const background: Promise<unknown>[] = [];
    const requestCtx: ExecutionContext = {
      waitUntil: (p) => {
        background.push(p);
        ctx.waitUntil(p);
      },
      passThroughOnException: () => ctx.passThroughOnException(),
      props: ctx.props,
    };
    const release = () => Promise.allSettled(background).then(() => sql.end({ timeout: 5 }));
    let response: Response;
    try {
      response = await app.fetch(request, env, requestCtx);
    } catch (e) {
      ctx.waitUntil(release());
      throw e;
    }
    if (!response.body) {
      ctx.waitUntil(release());
      return response;
    }
    // A streamed body (a run's serials.csv, its PDF) still reads from the database after the
    // answer has begun: the client is closed once the body has been sent, or abandoned.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    ctx.waitUntil(
      response.body
        .pipeTo(writable)
        .catch(() => {})
        .then(release),
    );
    return new Response(readable, response);
  },
};
