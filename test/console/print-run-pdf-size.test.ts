// Before a print run's PDF download starts, the console shows its page count and an estimated
// size ("khoảng 125 trang, khoảng 1,2 MB"), measured with the real PDF machinery; the estimate is
// within ±25% of the real file for runs of a few thousand stamps, and the download says it too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { type Stamped, stampedBatch } from '../support/stamps';
import { PRINT_RUN_TEXTS } from '../../src/console/texts/print-runs';
import { pdfSizeText } from '../../src/console/print-runs/views';

let t: TestContext;
let s: Stamped;

beforeAll(async () => {
  t = await createTestContext();
  s = await stampedBatch(t, { count: 3000 });
});
afterAll(() => t?.close());

async function realPdf(runId: string) {
  const res = await t.call('GET', `/api/v1/print-runs/${runId}/pdf`, { key: s.coopKey });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes };
}

describe('the size of a print run’s PDF, before it is downloaded', () => {
  for (const [templateId, count, perPage] of [
    ['a4-3x8', 3000, 24],
    ['a4-5x13', 4000, 65],
    ['roll-50x30', 2000, 1],
  ] as const) {
    it(`estimates the pages and the bytes within ±25% for ${count} stamps on ${templateId}`, async () => {
      const runId =
        templateId === 'a4-3x8'
          ? s.runId
          : (
              await json(
                t.call('POST', '/api/v1/print-runs', {
                  key: s.coopKey,
                  body: { batchId: s.batchId, count, templateId },
                }),
                201,
              )
            ).id;
      const estimate = await json(t.call('GET', `/api/v1/print-runs/${runId}/pdf/estimate`, { key: s.coopKey }), 200);
      expect(estimate.pages).toBe(Math.ceil(count / perPage));
      expect(estimate.stampsPerPage).toBe(perPage);
      const { res, bytes } = await realPdf(runId);
      expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
      const ratio = estimate.estimatedBytes / bytes.byteLength;
      expect(ratio, `estimated ${estimate.estimatedBytes}, real ${bytes.byteLength}`).toBeGreaterThan(0.75);
      expect(ratio, `estimated ${estimate.estimatedBytes}, real ${bytes.byteLength}`).toBeLessThan(1.25);
      // the download names the file and says the estimate (it is streamed: no exact length)
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tem-.+\.pdf"/);
      expect(res.headers.get('x-estimated-content-length')).toBe(String(estimate.estimatedBytes));
      expect(res.headers.get('x-page-count')).toBe(String(estimate.pages));
    });
  }

  it('sends the exact length of the one-sheet preview', async () => {
    const res = await t.call('GET', `/api/v1/print-runs/${s.runId}/pdf?preview=true`, { key: s.coopKey });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
  });

  it('shows the page count and the estimated size beside the download link on the console', async () => {
    const [coop] = await t.db.sql<{ id: string }[]>`select cooperative_id as id from batches where id = ${s.batchId}`;
    const u = await t.user({ role: 'cooperative', organizationId: coop!.id });
    const browser = await t.signIn(u.username, u.password);
    const html = await browser.html(`/console/print-runs/${s.runId}`);
    const estimate = await json(t.call('GET', `/api/v1/print-runs/${s.runId}/pdf/estimate`, { key: s.coopKey }), 200);
    const text = pdfSizeText(PRINT_RUN_TEXTS.vi, 'vi', estimate);
    expect(text).toMatch(/^khoảng 125 trang, khoảng [\d,]+ (MB|KB)$/);
    expect(html).toContain(`(${text})`);
    const en = await browser.html(`/console/print-runs/${s.runId}?lang=en`);
    expect(en).toMatch(/\(about 125 pages, about [\d.]+ (MB|KB)\)/);
  });

  it('writes sizes as people read them', () => {
    const t = PRINT_RUN_TEXTS;
    expect(pdfSizeText(t.vi, 'vi', { pages: 1250, stampsPerPage: 24, estimatedBytes: 38_400_000 })).toBe(
      'khoảng 1.250 trang, khoảng 38 MB',
    );
    expect(pdfSizeText(t.en, 'en', { pages: 1250, stampsPerPage: 24, estimatedBytes: 38_400_000 })).toBe(
      'about 1,250 pages, about 38 MB',
    );
    expect(pdfSizeText(t.en, 'en', { pages: 3, stampsPerPage: 24, estimatedBytes: 2_345_678 })).toBe(
      'about 3 pages, about 2.3 MB',
    );
    expect(pdfSizeText(t.vi, 'vi', { pages: 1, stampsPerPage: 24, estimatedBytes: 95_400 })).toBe(
      'khoảng 1 trang, khoảng 95 KB',
    );
  });
});
