// The API operations the cooperative console pages needed and the API lacked: an
// organization's fake reports and stamp scans (a cooperative reads only its own), a run's
// serials a page at a time, deleting a draft batch or one of its events, and newest-first lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { insertFakeReport } from '../../src/db/scans-store';

let t: TestContext;
let a: Awaited<ReturnType<typeof producerChain>>;
let b: Awaited<ReturnType<typeof producerChain>>;

/** A sealed batch of the chain with a print run of `count` stamps on A4 3×8. */
async function printed(chain: typeof a, count = 24) {
  const lot = await chain.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', {
      key: chain.coop.key,
      body: chain.batchBody([{ harvestLotId: lot.id, quantity: 40 }]),
    }),
    201,
  );
  const sealed = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: chain.coop.key }), 200);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: chain.coop.key,
      body: { batchId: draft.id, count, templateId: 'a4-3x8' },
    }),
    201,
  );
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: chain.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  return {
    lot,
    batchId: draft.id as string,
    lotCode: sealed.batch.lotCode as string,
    run,
    serials,
    gtin: chain.product.gtin as string,
  };
}

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  a = await producerChain(t);
  b = await producerChain(t);
});
afterAll(async () => {
  await t?.close();
});

describe("an organization's fake reports and scans", () => {
  it("lets a cooperative read the reports about its own products only, and staff any organization's", async () => {
    const pa = await printed(a, 3);
    const pb = await printed(b, 3);
    for (const [p, message] of [
      [pa, 'Tem của A <b>lạ</b>'],
      [pb, 'Tem của B'],
    ] as const) {
      const form = new URLSearchParams({
        gtin: p.gtin,
        lot: p.lotCode,
        serial: 'ZZZZZZZZZZZZZ3',
        verdict: 'unknown',
        message,
      });
      expect(
        (
          await t.call('POST', '/report', {
            body: form.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).status,
      ).toBe(201);
    }
    const own = await json(
      t.call('GET', `/api/v1/organizations/${a.coop.org.id}/fake-reports`, { key: a.coop.key }),
      200,
    );
    expect(own.items.map((r: { message: string }) => r.message)).toEqual(['Tem của A <b>lạ</b>']);
    expect(own.items[0].gtin).toBe(pa.gtin);
    // another organization's id: not found, whatever exists there
    expect(
      (await t.call('GET', `/api/v1/organizations/${b.coop.org.id}/fake-reports`, { key: a.coop.key })).status,
    ).toBe(404);
    expect((await t.call('GET', `/api/v1/organizations/${b.coop.org.id}/scans`, { key: a.coop.key })).status).toBe(404);
    const staff = await json(
      t.call('GET', `/api/v1/organizations/${b.coop.org.id}/fake-reports`, { key: t.keys.staff }),
      200,
    );
    expect(staff.items.map((r: { message: string }) => r.message)).toEqual(['Tem của B']);
    // the staff-wide list is unchanged: still staff and admin only
    expect((await t.call('GET', '/api/v1/fake-reports', { key: a.coop.key })).status).toBe(403);
  });

  it('lists the scans of its own stamps, newest first, without bots or unknown serials', async () => {
    const pa = await printed(a, 3);
    const pb = await printed(b, 3);
    const phone = { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36' };
    await t.call('GET', `/01/${pa.gtin}/10/${pa.lotCode}/21/${pa.serials[0]}`, { headers: phone });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await t.call('GET', `/01/${pa.gtin}/10/${pa.lotCode}/21/${pa.serials[1]}`, { headers: phone });
    await t.call('GET', `/01/${pa.gtin}/10/${pa.lotCode}/21/${pa.serials[2]}`, {
      headers: { ...phone, 'user-agent': 'Zalo Link Preview' },
    });
    await t.call('GET', `/01/${pa.gtin}/10/${pa.lotCode}/21/ZZZZZZZZZZZZZ4`, { headers: phone });
    await t.call('GET', `/01/${pb.gtin}/10/${pb.lotCode}/21/${pb.serials[0]}`, { headers: phone });
    const own = await json(
      t.call('GET', `/api/v1/organizations/${a.coop.org.id}/scans?limit=10`, { key: a.coop.key }),
      200,
    );
    expect(own.items.map((s: { serial: string }) => s.serial)).toEqual([pa.serials[1], pa.serials[0]]);
    expect(own.items[0]).toMatchObject({
      gtin: pa.gtin,
      lotCode: pa.lotCode,
      stampState: 'issued',
      scanCount: 1,
      printRunId: pa.run.id,
      batchId: pa.batchId,
    });
    const paged = await json(
      t.call('GET', `/api/v1/organizations/${a.coop.org.id}/scans?limit=1`, { key: a.coop.key }),
      200,
    );
    expect(paged.items).toHaveLength(1);
    const rest = await json(
      t.call(
        'GET',
        `/api/v1/organizations/${a.coop.org.id}/scans?limit=1&before=${encodeURIComponent(paged.nextBefore)}`,
        { key: a.coop.key },
      ),
      200,
    );
    expect(rest.items[0].serial).toBe(pa.serials[0]);
  });

  it('pages scans and fake reports made in the same instant by keyset, each exactly once', async () => {
    const pc = await printed(a, 5);
    const phone = { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36' };
    // five views and five reports, all at one instant: a page boundary falls between equal times
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    for (const serial of pc.serials) {
      await t.call('GET', `/01/${pc.gtin}/10/${pc.lotCode}/21/${serial}`, { headers: phone });
      await insertFakeReport(t.db.sql, {
        serial,
        gtin: pc.gtin,
        lot: pc.lotCode,
        verdict: 'genuine',
        message: 'Tem bị bong, nghi giả',
        contact: null,
        clientHash: 'h',
        at: t.clock.now,
      });
    }
    const walk = async (path: string, key: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await json(
          t.call(
            'GET',
            `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { key },
          ),
          200,
        );
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const scans = await walk(`/api/v1/organizations/${a.coop.org.id}/scans`, a.coop.key);
    expect(new Set(scans).size).toBe(scans.length);
    const newest = await t.db.sql<{ id: string }[]>`
      select s.id::text from scans s join stamps st on st.serial = s.serial
       where s.serial in ${t.db.sql(pc.serials)} and not s.is_bot`;
    expect(scans).toEqual(expect.arrayContaining(newest.map((r) => r.id)));
    const reports = await walk(`/api/v1/organizations/${a.coop.org.id}/fake-reports`, a.coop.key);
    expect(new Set(reports).size).toBe(reports.length);
    expect(reports.length).toBeGreaterThanOrEqual(pc.serials.length);
    const all = await walk('/api/v1/fake-reports?status=new', t.keys.staff);
    expect(all).toEqual(expect.arrayContaining(reports));

    const bad = await json(
      t.call(
        'GET',
        `/api/v1/organizations/${a.coop.org.id}/scans?cursor=${encodeURIComponent('2026-01-01T00:00:00Z~nope')}`,
        {
          key: a.coop.key,
        },
      ),
      400,
    );
    expect(bad.error.code).toBe('VALIDATION_FAILED');
  });
});

describe("a print run's serials, a page at a time", () => {
  it("pages through the stamps in printing order, and hides another cooperative's run", async () => {
    const p = await printed(a, 24);
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const page = await json(
        t.call('GET', `/api/v1/print-runs/${p.run.id}/stamps?limit=10${cursor ? `&cursor=${cursor}` : ''}`, {
          key: a.coop.key,
        }),
        200,
      );
      seen.push(...page.items.map((s: { serial: string }) => s.serial));
      expect(page.items[0].uri).toBe(
        `https://trace.example.vn/01/${p.gtin}/10/${p.lotCode}/21/${page.items[0].serial}`,
      );
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(p.serials);
    expect((await t.call('GET', `/api/v1/print-runs/${p.run.id}/stamps`, { key: b.coop.key })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/print-runs/${p.run.id}/stamps`, { key: t.keys.staff })).status).toBe(200);
  });
});

describe('deleting drafts', () => {
  it('deletes a draft and gives its raw material back to the harvest lot, audited', async () => {
    const lot = await a.harvest(50);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 30 }]),
      }),
      201,
    );
    expect((await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: a.coop.key }), 200)).remaining).toBe(20);
    expect((await t.call('DELETE', `/api/v1/batches/${draft.id}`, { key: b.coop.key })).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/batches/${draft.id}`, { key: t.keys.staff })).status).toBe(403);
    expect(await json(t.call('DELETE', `/api/v1/batches/${draft.id}`, { key: a.coop.key }), 200)).toEqual({
      id: draft.id,
      deleted: true,
    });
    expect((await t.call('GET', `/api/v1/batches/${draft.id}`, { key: a.coop.key })).status).toBe(404);
    expect((await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: a.coop.key }), 200)).remaining).toBe(50);
    const [entry] = await t.db
      .sql`select action, before from audit_log where entity = 'batch' and entity_id = ${draft.id} order by id desc limit 1`;
    expect(entry!.action).toBe('delete');
    expect(entry!.before.lotCode).toBe(draft.lotCode);
  });

  it('refuses to delete a sealed batch (409 BATCH_SEALED) and leaves it whole', async () => {
    const p = await printed(a, 1);
    const res = await json(t.call('DELETE', `/api/v1/batches/${p.batchId}`, { key: a.coop.key }), 409);
    expect(res.error.code).toBe('BATCH_SEALED');
    expect((await json(t.call('GET', `/api/v1/batches/${p.batchId}`, { key: a.coop.key }), 200)).status).toBe('sealed');
  });

  it('removes one process event of a draft, and none of a sealed batch', async () => {
    const lot = await a.harvest(10);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lot.id, quantity: 5 }]),
      }),
      201,
    );
    const [first, second] = draft.events;
    expect((await t.call('DELETE', `/api/v1/batches/${draft.id}/events/${first.id}`, { key: b.coop.key })).status).toBe(
      403,
    );
    const after = await json(
      t.call('DELETE', `/api/v1/batches/${draft.id}/events/${first.id}`, { key: a.coop.key }),
      200,
    );
    expect(after.events.map((e: { id: string }) => e.id)).toEqual([second.id]);
    expect((await t.call('DELETE', `/api/v1/batches/${draft.id}/events/${first.id}`, { key: a.coop.key })).status).toBe(
      404,
    );
    await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: a.coop.key }), 200);
    expect(
      (await json(t.call('DELETE', `/api/v1/batches/${draft.id}/events/${second.id}`, { key: a.coop.key }), 409)).error
        .code,
    ).toBe('BATCH_SEALED');
  });
});

describe('newest-first lists', () => {
  it('lists batches, harvest lots and print runs newest first, the cursor paging further back', async () => {
    const c = await producerChain(t);
    const lots = [await c.harvest(10), await c.harvest(10), await c.harvest(10)];
    const newest = await json(t.call('GET', '/api/v1/harvest-lots?order=newest&limit=2', { key: c.coop.key }), 200);
    expect(newest.items.map((l: { id: string }) => l.id)).toEqual([lots[2]!.id, lots[1]!.id]);
    const older = await json(
      t.call('GET', `/api/v1/harvest-lots?order=newest&limit=2&cursor=${newest.nextCursor}`, { key: c.coop.key }),
      200,
    );
    expect(older.items.map((l: { id: string }) => l.id)).toEqual([lots[0]!.id]);
    expect(older.nextCursor).toBeNull();
    const oldest = await json(t.call('GET', '/api/v1/harvest-lots?limit=2', { key: c.coop.key }), 200);
    expect(oldest.items.map((l: { id: string }) => l.id)).toEqual([lots[0]!.id, lots[1]!.id]);

    const batches: { id: string }[] = [];
    for (const lot of lots)
      batches.push(
        await json(
          t.call('POST', '/api/v1/batches', {
            key: c.coop.key,
            body: c.batchBody([{ harvestLotId: lot.id, quantity: 1 }]),
          }),
          201,
        ),
      );
    const nb = await json(t.call('GET', '/api/v1/batches?order=newest&limit=2', { key: c.coop.key }), 200);
    expect(nb.items.map((x: { id: string }) => x.id)).toEqual([batches[2]!.id, batches[1]!.id]);
    const nb2 = await json(
      t.call('GET', `/api/v1/batches?order=newest&limit=2&cursor=${nb.nextCursor}`, { key: c.coop.key }),
      200,
    );
    expect(nb2.items.map((x: { id: string }) => x.id)).toEqual([batches[0]!.id]);

    const runs: { id: string }[] = [];
    for (const x of batches.slice(0, 2)) {
      await json(t.call('POST', `/api/v1/batches/${x.id}/seal`, { key: c.coop.key }), 200);
      runs.push(
        await json(
          t.call('POST', '/api/v1/print-runs', {
            key: c.coop.key,
            body: { batchId: x.id, count: 1, templateId: 'a4-3x8' },
          }),
          201,
        ),
      );
    }
    const nr = await json(t.call('GET', '/api/v1/print-runs?order=newest&limit=1', { key: c.coop.key }), 200);
    expect(nr.items.map((x: { id: string }) => x.id)).toEqual([runs[1]!.id]);
    const nr2 = await json(
      t.call('GET', `/api/v1/print-runs?order=newest&limit=1&cursor=${nr.nextCursor}`, { key: c.coop.key }),
      200,
    );
    expect(nr2.items.map((x: { id: string }) => x.id)).toEqual([runs[0]!.id]);
    // another cooperative's newest-first list holds none of these
    const other = await json(t.call('GET', '/api/v1/print-runs?order=newest', { key: b.coop.key }), 200);
    expect(other.items.some((x: { id: string }) => runs.some((r) => r.id === x.id))).toBe(false);
  });
});
