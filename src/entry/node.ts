// Node entry point: configuration from the environment, embedded or real PostgreSQL,
// migrations, first-start demo data and admin key, then the HTTP server with a graceful stop.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../app';
import { ConfigError, parseConfig } from '../config';
import { ensureFirstAdminKey } from '../db/bootstrap';
import { createKeyring } from '../db/keyring';
import { createLogger } from '../log';
import { seedDemo } from '../demo/seed';
import { demoStampUrls } from '../demo/stamps';
import { openDatabase } from './database';
import { loadAcceleratedLabelCatalog } from './labels-node';
import { scryptPasswordHasher } from './passwords-node';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/users';

async function main() {
  const config = parseConfig(process.env);
  const labels = loadAcceleratedLabelCatalog();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, {
    onAvailability: (available, error) =>
      available
        ? log.info('database reachable again')
        : log.warn('database unreachable: answering 503 until it answers', {
            error: error instanceof Error ? error.message : String(error),
          }),
  });
  log.info('database ready', {
    mode: db.embedded ? 'embedded' : 'postgresql',
    ...(db.embedded ? { dataDir: config.DATA_DIR } : {}),
    migrationsApplied: db.applied,
  });
  const keyring = createKeyring(db.sql, config);
  const kid = await keyring.ensure();
  log.info('signing key ready', { kid, source: config.SIGNING_KEY_JWK ? 'SIGNING_KEY_JWK' : 'database' });
  const passwords = scryptPasswordHasher();
  if (db.embedded?.created) {
    const summary = await seedDemo(db.sql, {
      clock: () => new Date(),
      keyring,
      baseUrl: config.PUBLIC_BASE_URL,
      passwords,
    });
    log.info('demo data loaded into the new embedded database', summary);
    const urls = await demoStampUrls(db.sql);
    process.stdout.write(
      `\n  Demo stamps to open (or scan from \`npm run demo:pdf\`):\n${urls.map((u) => `    ${u.label.padEnd(20)} ${u.url}`).join('\n')}\n`,
    );
    process.stdout.write(
      `\n  Console ${config.PUBLIC_BASE_URL}/console, demo users (password ${DEMO_PASSWORD}):\n` +
        `${DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.role}`).join('\n')}\n`,
    );
  }
  const adminKey = await ensureFirstAdminKey(db.sql);
  if (adminKey) {
    process.stdout.write(
      `\n  First admin API key (shown once, keep it safe):\n\n    ${adminKey}\n\n` +
        `  Try: curl -H "Authorization: Bearer ${adminKey}" ${config.PUBLIC_BASE_URL}/api/v1/models\n\n`,
    );
  }

  const app = createApp({
    sql: db.sql,
    config,
    clock: () => new Date(),
    log,
    keyring,
    labels,
    passwords,
    // Behind a reverse proxy (TRUST_PROXY=true) the client is the first X-Forwarded-For hop;
    // otherwise the socket's peer, which a client cannot forge.
    clientAddress: (c) =>
      (config.TRUST_PROXY ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined) ??
      getConnInfo(c).remote.address ??
      'unknown',
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info('listening', {
      url: `http://${info.address}:${info.port}`,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      docs: `${config.PUBLIC_BASE_URL}/docs`,
    });
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    server.close();
    await labels.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(`ocop-trace failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exit(1);
});
