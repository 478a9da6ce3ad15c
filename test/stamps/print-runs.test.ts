import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { decodeAll, loadTemplate } from '../labels/helpers';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

async function sealed(opts: { rated?: boolean } = {}) {
  const c = await producerChain(t, opts);
  const lot = await c.harvest(100);
  const draft = await json(
    t.call('POST', '/api/v1/batches', {
      key: c.coop.key,
      body: c.batchBody([{ harvestLotId: lot.id, quantity: 50 }], { carriesOcop: opts.rated !== false }),
    }),
    201,
  );
  const s = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  return { ...c, batch: s.batch };
}

const order = (key: string, body: Record<string, unknown>) => t.call('POST', '/api/v1/print-runs', { key, body });

describe('print runs', () => {
  it('issues one unique serial per stamp and lists them with their Digital Link URIs', async () => {
    const c = await sealed();
    const run = await json(
      order(c.coop.key, { batchId: c.batch.id, count: 250, templateId: 'a4-3x8', note: 'Vụ xuân' }),
      201,
    );
    expect(run).toMatchObject({
      count: 250,
      templateId: 'a4-3x8',
      gtin: c.product.gtin,
      lotCode: c.batch.lotCode,
      ocopStars: 4,
      stamps: { issued: 250, active: 0, void: 0 },
    });
    const csv = await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('position,serial,state,uri');
    expect(lines).toHaveLength(251);
    const [pos, serial, state, uri] = lines[1]!.split(',');
    expect(pos).toBe('1');
    expect(state).toBe('issued');
    expect(uri).toBe(`https://trace.example.vn/01/${c.product.gtin}/10/${c.batch.lotCode}/21/${serial}`);
    const [{ n }] = (await t.db
      .sql`select count(distinct serial)::int as n from stamps where print_run_id = ${run.id}`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(250);
  });

  it("refuses a draft, a recalled or a superseded batch, another cooperative's batch and counts out of range", async () => {
    const c = await sealed();
    const lot = await c.harvest(10);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 5 }]),
      }),
      201,
    );
    expect(
      (await json(order(c.coop.key, { batchId: draft.id, count: 10, templateId: 'a4-3x8' }), 409)).error.code,
    ).toBe('BATCH_NOT_SEALED');
    for (const count of [0, 100_001, 1.5]) {
      expect(
        (await json(order(c.coop.key, { batchId: c.batch.id, count, templateId: 'a4-3x8' }), 400)).error.details[0]
          .path,
      ).toBe('body.count');
    }
    expect(
      (await json(order(c.coop.key, { batchId: c.batch.id, count: 1, templateId: 'a3-huge' }), 400)).error.details[0]
        .path,
    ).toBe('body.templateId');
    const other = await t.cooperative();
    expect((await order(other.key, { batchId: c.batch.id, count: 1, templateId: 'a4-3x8' })).status).toBe(403);
    const fixed = await json(
      t.call('POST', `/api/v1/batches/${c.batch.id}/supersede`, {
        key: c.coop.key,
        body: { ...c.batchBody([{ harvestLotId: lot.id, quantity: 1 }], { lotCode: c.batch.lotCode }), reason: 'Sửa' },
      }),
      201,
    );
    expect(
      (await json(order(c.coop.key, { batchId: c.batch.id, count: 1, templateId: 'a4-3x8' }), 409)).error.code,
    ).toBe('BATCH_SUPERSEDED');
    await json(
      t.call('POST', `/api/v1/batches/${fixed.batch.id}/recall`, {
        key: t.keys.staff,
        body: { reason: 'Thu hồi', authority: 'Chi cục', recalledOn: '2025-06-15' },
      }),
      201,
    );
    expect(
      (await json(order(c.coop.key, { batchId: fixed.batch.id, count: 1, templateId: 'a4-3x8' }), 409)).error.code,
    ).toBe('BATCH_RECALLED');
  });

  it('prints no OCOP stars for a batch without a valid rating', async () => {
    const c = await sealed({ rated: false });
    const run = await json(order(c.coop.key, { batchId: c.batch.id, count: 3, templateId: 'roll-50x30' }), 201);
    expect(run.ocopStars).toBeNull();
  });

  it('activates ranges, voids ranges, keeps void stamps void and audits every change', async () => {
    const c = await sealed();
    const run = await json(order(c.coop.key, { batchId: c.batch.id, count: 20, templateId: 'a4-5x13' }), 201);
    const serials = (
      await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text()
    )
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[1]!);
    const first = await json(
      t.call('POST', `/api/v1/print-runs/${run.id}/activate`, {
        key: c.coop.key,
        body: { fromSerial: serials[0], toSerial: serials[9] },
      }),
      200,
    );
    expect(first.changed).toBe(10);
    const voided = await json(
      t.call('POST', `/api/v1/print-runs/${run.id}/void`, {
        key: c.coop.key,
        body: { fromSerial: serials[5], toSerial: serials[14], reason: 'Tờ tem bị rách khi in' },
      }),
      200,
    );
    expect(voided.changed).toBe(10);
    const rest = await json(
      t.call('POST', `/api/v1/print-runs/${run.id}/activate`, { key: c.coop.key, body: {} }),
      200,
    );
    expect(rest.changed).toBe(5);
    expect(rest.run.stamps).toEqual({ issued: 0, active: 10, void: 10 });
    const backwards = await json(
      t.call('POST', `/api/v1/print-runs/${run.id}/activate`, {
        key: c.coop.key,
        body: { fromSerial: serials[9], toSerial: serials[2] },
      }),
      400,
    );
    expect(backwards.error.details[0].path).toBe('body.toSerial');
    const stranger = await json(
      t.call('POST', `/api/v1/print-runs/${run.id}/activate`, {
        key: c.coop.key,
        body: { fromSerial: 'ABCDEFGHJKMNP2' },
      }),
      400,
    );
    expect(stranger.error.details[0].path).toBe('body.fromSerial');
    await expect(t.db.sql`update stamps set state = 'active' where serial = ${serials[6]!}`).rejects.toThrow(/void/);
    const log = await json(
      t.call('GET', `/api/v1/audit?entity=print_run&entityId=${run.id}`, { key: t.keys.staff }),
      200,
    );
    expect(log.items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'activate_stamps',
      'void_stamps',
      'activate_stamps',
    ]);
    const other = await t.cooperative();
    expect((await t.call('GET', `/api/v1/print-runs/${run.id}`, { key: other.key })).status).toBe(404);
    expect(
      (await t.call('POST', `/api/v1/print-runs/${run.id}/void`, { key: other.key, body: { reason: 'x' } })).status,
    ).toBe(403);
  });

  it('activates on print when the template says so', async () => {
    const c = await sealed();
    const roll = await json(order(c.coop.key, { batchId: c.batch.id, count: 5, templateId: 'roll-50x30' }), 201);
    const template = (await json(t.call('GET', '/api/v1/templates', { key: c.coop.key }), 200)).items.find(
      (x: { id: string }) => x.id === 'roll-50x30',
    );
    expect(roll.stamps.active).toBe(template.activateOnPrint ? 5 : 0);
  });

  it("streams a PDF whose every QR decodes to its stamp's URI, and a one-sheet preview", async () => {
    const c = await sealed();
    const run = await json(order(c.coop.key, { batchId: c.batch.id, count: 30, templateId: 'a4-3x8' }), 201);
    const res = await t.call('GET', `/api/v1/print-runs/${run.id}/pdf`, { key: c.coop.key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tem-/);
    const pdf = new Uint8Array(await res.arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), 'ocop-pdf-'));
    writeFileSync(join(dir, 'run.pdf'), pdf);
    execFileSync('qpdf', ['--check', join(dir, 'run.pdf')]);
    expect(execFileSync('pdfinfo', [join(dir, 'run.pdf')]).toString()).toMatch(/Pages:\s+2/);
    const csv = (await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[3]);
    // every stamp, in printing order: each QR cropped alone and decoded (a whole page once lost codes to zbar)
    expect(decodeAll(loadTemplate('a4-3x8'), join(dir, 'run.pdf'), 30, 300, dir)).toEqual(csv);
    const text = execFileSync('pdftotext', [join(dir, 'run.pdf'), '-']).toString();
    expect(text).toContain(c.product.nameVi);
    const preview = await t.call('GET', `/api/v1/print-runs/${run.id}/pdf?preview=true`, { key: c.coop.key });
    writeFileSync(join(dir, 'preview.pdf'), new Uint8Array(await preview.arrayBuffer()));
    expect(execFileSync('pdfinfo', [join(dir, 'preview.pdf')]).toString()).toMatch(/Pages:\s+1/);
  });
});
