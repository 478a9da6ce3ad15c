// Node entry point: configuration from the environment, embedded or real PostgreSQL,
// migrations, first-start demo data and admin key, then the HTTP server (answers compressed by
// Accept-Encoding, /metrics when asked for) with a graceful stop bounded by SHUTDOWN_TIMEOUT_MS.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../app';
import { runScheduledChecks } from '../checks/record';
import { checkSettings } from '../checks/run';
import { type CheckScheduler, checksSchedule, startCheckScheduler } from '../checks/schedule';
import { type Config, ConfigError, parseConfig } from '../config';
import { ensureFirstAdminKey } from '../db/bootstrap';
import { createKeyring, PlaintextKeyError } from '../db/keyring';
import { createLogger } from '../log';
import { isSigningError } from '../signing';
import { seedDemo } from '../demo/seed';
import { batchingScanWriter } from '../scanning/scan-writer';
import { keepScanLog } from '../scanning/scan-log-upkeep';
import { deliverDueWebhooks } from '../recalls/webhooks';
import { nodeWebhookHostCheck } from './webhook-host-node';
import { fillEpcisEvents, pinEpcisBaseUrl } from '../db/epcis-derived-store';
import { withCompression } from './compression';
import { DataDirLockedError } from './data-dir-lock';
import { openDatabase } from './database';
import { databaseFailure } from './database-errors';
import { demoBanner } from './demo-banner';
import { keyPolicy } from './key-policy';
import { loadAcceleratedLabelCatalog } from './labels-node';
import { createNodeMetrics, serveMetrics } from './metrics-node';
import { scryptPasswordHasher } from './passwords-node';
import { nodePhotoCodecs } from './photos-node';
import { failureLine } from './run-cli';
import { gracefulServer } from './shutdown';

/** After SHUTDOWN_TIMEOUT_MS and the cut, how long the rest of a stop (scans, pool) may still take. */
const LAST_MOMENT_MS = 2000;
const UPKEEP_EVERY_MS = 24 * 60 * 60 * 1000;

/** Set once parsed, for the failure line of a start that goes wrong after that. */
let parsedConfig: Config | null = null;

async function main() {
  const config = parseConfig(process.env);
  parsedConfig = config;
  const cron = scheduleOf(config);
  const labels = loadAcceleratedLabelCatalog();
  const log = createLogger(config.LOG_LEVEL);
  // Collected only when someone can read them: on METRICS_PORT, or on /metrics with METRICS_TOKEN.
  const metrics = config.METRICS_PORT !== undefined || config.METRICS_TOKEN ? createNodeMetrics(config) : null;
  const db = await openDatabase(config, {
    command: 'npm start',
    onAvailability: (available, error) => {
      metrics?.databaseAvailable(available);
      return available
        ? log.info('database reachable again')
        : log.warn('database unreachable: answering 503 until it answers', {
            error: error instanceof Error ? error.message : String(error),
          });
    },
  });
  log.info('database ready', {
    mode: db.embedded ? 'embedded' : 'postgresql',
    ...(db.embedded ? { dataDir: config.DATA_DIR } : {}),
    migrationsApplied: db.applied,
  });
  const keyring = createKeyring(db.sql, config, keyPolicy(config, process.env));
  const kid = await keyring.ensure();
  log.info('signing key ready', { kid, source: config.SIGNING_KEY_JWK ? 'SIGNING_KEY_JWK' : 'database' });
  const passwords = scryptPasswordHasher();
  if (db.embedded?.created) {
    const summary = await seedDemo(db.sql, {
      clock: () => new Date(),
      keyring,
      baseUrl: config.PUBLIC_BASE_URL,
      passwords,
      photos: nodePhotoCodecs(),
    });
    log.info('demo data loaded into the new embedded database', summary);
    process.stdout.write(await demoBanner(db.sql, config.PUBLIC_BASE_URL));
  }
  const adminKey = await ensureFirstAdminKey(db.sql);
  if (adminKey) {
    process.stdout.write(
      `\n  First admin API key (shown once, keep it safe):\n\n    ${adminKey}\n\n` +
        `  Try: curl -H "Authorization: Bearer ${adminKey}" ${config.PUBLIC_BASE_URL}/api/v1/models\n\n`,
    );
  }

  // Scans share commits; made here so that a stop can wait for the groups still being written.
  const scans = batchingScanWriter(db.sql, { onCommit: metrics ? (n) => metrics.scansCommitted(n) : undefined });
  const app = createApp({
    sql: db.sql,
    config,
    clock: () => new Date(),
    log,
    keyring,
    labels,
    passwords,
    photos: nodePhotoCodecs(),
    webhookHostCheck: nodeWebhookHostCheck,
    // The socket's peer, which a client cannot forge; behind TRUST_PROXY the client is read from
    // X-Forwarded-For (src/http/client-address.ts).
    peerAddress: (c) => getConnInfo(c).remote.address,
    scans,
    ...(metrics ? { metrics: metrics.app } : {}),
  });
  const server = serve({ fetch: withCompression(app.fetch), port: config.PORT, hostname: config.HOST }, (info) => {
    log.info('listening', {
      url: `http://${info.address}:${info.port}`,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      docs: `${config.PUBLIC_BASE_URL}/docs`,
    });
  }) as Server;
  const http = gracefulServer(server);
  let metricsServer: Server | null = null;
  if (metrics) {
    metrics.watch({ scans: scans.pending, requestsInFlight: http.inFlight });
    if (config.METRICS_PORT !== undefined) {
      metricsServer = await serveMetrics(metrics, {
        port: config.METRICS_PORT,
        host: config.METRICS_HOST,
        token: config.METRICS_TOKEN,
      });
      const a = metricsServer.address();
      log.info('metrics listening', { url: typeof a === 'object' && a ? `http://${a.address}:${a.port}/metrics` : a });
    }
    if (config.METRICS_TOKEN) log.info('metrics on the main port', { path: '/metrics', auth: 'Bearer METRICS_TOKEN' });
  }

  // The link checks on their schedule (CHECKS_SCHEDULE); several servers on one database run
  // each slot once (src/checks/record.ts).
  let scheduler: CheckScheduler | null = null;
  if (cron) {
    const clock = () => new Date();
    scheduler = startCheckScheduler({
      cron,
      clock,
      log,
      run: async (slot) => {
        const s = await runScheduledChecks(db.sql, checkSettings(config), slot, clock);
        if (s)
          log.info('scheduled link checks ran', { slot: slot.toISOString(), found: s.found, new: s.new, ms: s.ms });
        else log.info('scheduled link checks already ran on another server', { slot: slot.toISOString() });
      },
    });
    log.info('link checks scheduled', { schedule: cron.expression, next: scheduler.nextSlot?.toISOString() });
  }

  let stopping = false;

  // The scan log's upkeep (src/scanning/scan-log-upkeep.ts): at start, then daily. It never
  // delays the start; several servers may run it at once.
  let upkeepRunning: Promise<void> = Promise.resolve();
  const upkeep = () => {
    upkeepRunning = upkeepRunning.then(async () => {
      try {
        const u = await keepScanLog(db.sql, new Date(), {
          retentionMonths: config.SCAN_RETENTION_MONTHS,
          stopping: () => stopping,
        });
        if (u.monthsCreated.length || u.monthsAnonymised.length)
          log.info('scan log upkeep', {
            monthsCreated: u.monthsCreated,
            rowsSettled: u.rowsSettled,
            monthsAnonymised: u.monthsAnonymised,
          });
      } catch (e) {
        if (!stopping) log.error('scan log upkeep failed', { error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
  upkeep();
  const upkeepTimer = setInterval(upkeep, UPKEEP_EVERY_MS);

  // EPCIS events of records written before migration 00016 (src/db/epcis-derived-store.ts): at
  // start, in the background, a page of records per transaction; quick once all have theirs.
  upkeepRunning = upkeepRunning.then(async () => {
    try {
      await pinEpcisBaseUrl(db.sql, config.PUBLIC_BASE_URL);
      const filled = await fillEpcisEvents(db.sql, { stop: () => stopping });
      if (filled.records) log.info('EPCIS events back-filled', { records: filled.records, events: filled.events });
    } catch (e) {
      if (!stopping) log.error('EPCIS back-fill failed', { error: e instanceof Error ? e.message : String(e) });
    }
  });
  upkeepTimer.unref();

  // Recall notices' webhooks due for a (re)try (src/recalls/webhooks.ts), every minute; a recall
  // also sends its own right after commit. One pass at a time.
  let webhooksRunning = false;
  const webhookTimer = setInterval(() => {
    if (webhooksRunning || stopping) return;
    webhooksRunning = true;
    deliverDueWebhooks(db.sql, {
      now: new Date(),
      baseUrl: config.PUBLIC_BASE_URL,
      log,
      allowLoopbackHttp: config.WEBHOOK_ALLOW_LOOPBACK,
      checkHost: nodeWebhookHostCheck,
    })
      .catch((e) => {
        if (!stopping) log.error('webhook deliveries failed', { error: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => {
        webhooksRunning = false;
      });
  }, 60_000);
  webhookTimer.unref();

  // A stop: no new connections; the answers in flight finish; the scans still being written are
  // committed; then the check scheduler, the label workers and the pool close. Past
  // SHUTDOWN_TIMEOUT_MS the connections left are cut, the rest of the stop gets a short last moment
  // (LAST_MOMENT_MS), and the exit code is 1 either way. A repeated signal changes nothing: npm
  // forwards the SIGINT or SIGTERM that the terminal or systemd already sent to this process.
  let timedOut = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.info('already stopping', { signal, inFlight: http.inFlight() });
      return;
    }
    stopping = true;
    const started = performance.now();
    log.info('stopping', { signal, inFlight: http.inFlight(), timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
    setTimeout(() => {
      timedOut = true;
      log.error('stop took longer than SHUTDOWN_TIMEOUT_MS: cutting the connections left', {
        timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        inFlight: http.inFlight(),
        scans: scans.pending(),
      });
      http.destroy();
      metricsServer?.closeAllConnections();
      setTimeout(() => process.exit(1), LAST_MOMENT_MS);
    }, config.SHUTDOWN_TIMEOUT_MS);
    try {
      await Promise.all([
        http.close(),
        metricsServer && new Promise<void>((resolve) => metricsServer!.close(() => resolve())),
      ]);
      await scheduler?.stop();
      clearInterval(upkeepTimer);
      clearInterval(webhookTimer);
      await scans.drain();
      await labels.close();
      await db.close();
    } catch (e) {
      log.error('stop failed', { error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    }
    const ms = Math.round(performance.now() - started);
    if (timedOut) log.error('stopped, after cutting connections', { ms });
    else log.info('stopped', { ms });
    process.exit(timedOut ? 1 : 0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** CHECKS_SCHEDULE parsed, or a ConfigError naming it. */
function scheduleOf(config: Config) {
  try {
    return checksSchedule(config.CHECKS_SCHEDULE);
  } catch (e) {
    throw new ConfigError([{ variable: 'CHECKS_SCHEDULE', message: e instanceof Error ? e.message : String(e) }]);
  }
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
  } else if (e instanceof PlaintextKeyError || isSigningError(e)) {
    process.stderr.write(`ocop-trace failed to start: ${e.message}\n`);
  } else if (parsedConfig && (e instanceof DataDirLockedError || databaseFailure(e, parsedConfig))) {
    const instead = 'Stop that process first, or start this server with another DATA_DIR.';
    process.stderr.write(`ocop-trace failed to start: ${failureLine(e, instead, parsedConfig)}\n`);
  } else {
    process.stderr.write(`ocop-trace failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exit(1);
});
