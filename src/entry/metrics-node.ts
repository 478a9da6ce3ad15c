// Node-only: the Prometheus metrics of one server process (prom-client), behind the AppMetrics
// interface of src/http/metrics.ts, and the small HTTP listener of METRICS_PORT.
//
// Pool usage: postgres.js tells nothing about its pool, so what is exported is what we know
// without wrapping every query: the configured size (DB_POOL_MAX), whether the database answers
// (the outage state of src/db/client.ts), the scans waiting for or in a group commit, and the
// requests being answered.
import { createServer, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config';
import { type AppMetrics, ROUTE_GROUPS, type RouteGroup } from '../http/metrics';

export interface NodeMetrics {
  /** For createApp. */
  app: AppMetrics;
  registry: Registry;
  /** A group of scans committed (the grouped scan writer's onCommit). */
  scansCommitted(scans: number): void;
  /** The database stopped or started answering (openDatabase's onAvailability). */
  databaseAvailable(available: boolean): void;
  /** Read at each scrape: what the scan writer holds and how many requests are being answered. */
  watch(probe: { scans?: () => { queued: number; inFlight: number }; requestsInFlight?: () => number }): void;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export function createNodeMetrics(config: Pick<Config, 'DB_POOL_MAX'>): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'ocop_http_requests_total',
    help: 'Answers by route group and status class',
    labelNames: ['group', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ocop_http_request_duration_seconds',
    help: 'Time from a request until its answer began, by route group and status class',
    labelNames: ['group', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'ocop_http_rate_limited_total',
    help: 'Requests refused by a rate limit (429), by route group',
    labelNames: ['group'] as const,
    registers: [registry],
  });
  const scans = new Counter({
    name: 'ocop_scans_written_total',
    help: 'Stamp scans committed to the scan log',
    registers: [registry],
  });
  const groups = new Histogram({
    name: 'ocop_scan_group_size',
    help: 'Scans per group commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const dbErrors = new Counter({
    name: 'ocop_db_errors_total',
    help: 'Requests that failed because the database was unreachable or a connection broke',
    registers: [registry],
  });
  const outages = new Counter({
    name: 'ocop_db_outages_total',
    help: 'Times the database stopped answering (queries were then refused at once until it answered)',
    registers: [registry],
  });
  const available = new Gauge({
    name: 'ocop_db_available',
    help: '1 while the database answers, 0 during an outage',
    registers: [registry],
  });
  available.set(1);
  new Gauge({
    name: 'ocop_db_pool_max',
    help: 'Connections the pool may open (DB_POOL_MAX)',
    registers: [registry],
  }).set(config.DB_POOL_MAX);

  let probe: Parameters<NodeMetrics['watch']>[0] = {};
  new Gauge({
    name: 'ocop_scans_queued',
    help: 'Scans waiting for the next group commit',
    registers: [registry],
    collect() {
      this.set(probe.scans?.().queued ?? 0);
    },
  });
  new Gauge({
    name: 'ocop_scan_groups_in_flight',
    help: 'Group commits of scans under way (each holds a pooled connection)',
    registers: [registry],
    collect() {
      this.set(probe.scans?.().inFlight ?? 0);
    },
  });
  new Gauge({
    name: 'ocop_http_requests_in_flight',
    help: 'Requests being answered',
    registers: [registry],
    collect() {
      this.set(probe.requestsInFlight?.() ?? 0);
    },
  });

  // Every series exists from the start at 0, so that rates and alerts work before the first event.
  for (const group of ROUTE_GROUPS) {
    limited.labels(group).inc(0);
    for (const status of ['2xx', '4xx', '5xx']) requests.labels(group, status).inc(0);
  }

  return {
    registry,
    app: {
      request(group: RouteGroup, status: number, seconds: number) {
        const cls = STATUS_CLASSES[Math.floor(status / 100) - 1] ?? '5xx';
        requests.labels(group, cls).inc();
        duration.labels(group, cls).observe(seconds);
        if (status === 429) limited.labels(group).inc();
      },
      databaseError: () => dbErrors.inc(),
      exposition: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    },
    scansCommitted(n) {
      scans.inc(n);
      groups.observe(n);
    },
    databaseAvailable(up) {
      available.set(up ? 1 : 0);
      if (!up) outages.inc();
    },
    watch(p) {
      probe = { ...probe, ...p };
    },
  };
}

/**
 * GET /metrics on METRICS_PORT (any other path: 404). With METRICS_TOKEN set, the token is asked
 * for here too. Resolves once listening.
 */
export async function serveMetrics(
  metrics: NodeMetrics,
  opts: { port: number; host: string; token?: string },
): Promise<Server> {
  const expected = opts.token ? digest(opts.token) : null;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (expected && !timingSafeEqual(digest(sent), expected)) {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' });
      res.end('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"\n');
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  });
  // Scrapers keep connections open; they must not hold a stopping server up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
