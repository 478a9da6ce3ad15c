// Sealing a batch runs the link checks scoped to that batch once the seal has committed, in the
// background: what they find appears among the findings, and a failing or busy check neither
// fails nor delays the seal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import type { Logger } from '../../src/log';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
const errors: string[] = [];
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestContext({ CHECKS_AFTER_SEAL: 'true' });
  // the same app with a logger that keeps what went wrong in the background
  const log: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (msg) => errors.push(msg) };
  app = createApp({
    sql: t.db.sql,
    config: t.config,
    clock: () => t.clock.now,
    log,
    keyring: t.keyring,
    labels: loadLabelCatalog(),
    passwords: t.passwords,
  });
});
afterAll(() => t.close());

/** Waits (without a fixed delay) until `check` holds; fails after a generous deadline. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const seal = (key: string, id: string) =>
  app.request(`/api/v1/batches/${id}/seal`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });

/** A draft batch drawing on an area its cooperative does not operate, with no contract: AREA_NOT_LINKED once sealed. */
async function unlinkedDraft() {
  const c = await producerChain(t);
  const lot = await c.harvest(100, '2025-05-20');
  const other = await t.cooperative();
  await t.db.sql`update raw_material_areas set operator_id = ${other.org.id} where id = ${c.area.id}`;
  const draft = await json(
    t.call('POST', '/api/v1/batches', {
      key: c.coop.key,
      body: c.batchBody([{ harvestLotId: lot.id, quantity: 30 }]),
    }),
    201,
  );
  return { c, draft };
}

it('finds the sealed batch’s problems by itself, scoped to that batch', async () => {
  const { c, draft } = await unlinkedDraft();
  const res = await seal(c.coop.key, draft.id);
  expect(res.status).toBe(200);
  const run = await until(async () => {
    const [r] = await t.db.sql<{ actor: string; after: { scope: unknown; found: number } }[]>`
      select actor, after from audit_log where action = 'link_check_run' and entity_id = ${draft.id}`;
    return r;
  }, 'the run after the seal');
  expect(run.actor).toBe('system:seal');
  expect(run.after.scope).toEqual({ kind: 'batch', id: draft.id });
  const findings = (await json(t.call('GET', `/api/v1/findings?objectId=${draft.id}`, { key: t.keys.staff }), 200))
    .items as { rule: string }[];
  expect(findings.map((f) => f.rule)).toEqual(['AREA_NOT_LINKED']);
  // a scoped run is not "the checks ran": the pages still wait for a run over all data
  const counts = await json(t.call('GET', '/api/v1/findings/counts', { key: t.keys.staff }), 200);
  expect(counts.lastRun).toBeNull();
});

it('keeps the seal when the checks fail, and logs the failure', async () => {
  const { c, draft } = await unlinkedDraft();
  // the findings table gone for a moment: the checks cannot store what they find
  await t.db.sql`alter table link_findings rename to link_findings_away`;
  try {
    const res = await seal(c.coop.key, draft.id);
    expect(res.status).toBe(200);
    expect((await res.json()).batch.status).toBe('sealed');
    await until(async () => errors.includes('work after a commit failed'), 'the logged failure');
  } finally {
    await t.db.sql`alter table link_findings_away rename to link_findings`;
  }
  const [b] = await t.db.sql<{ status: string }[]>`select status from batches where id = ${draft.id}`;
  expect(b!.status).toBe('sealed');
  const [n] = await t.db.sql<
    { n: number }[]
  >`select count(*)::int as n from audit_log where action = 'link_check_run' and entity_id = ${draft.id}`;
  expect(n!.n).toBe(0);
});
