// A print run's stamps by state are stored counters (migration 00012), read by every list and
// trace instead of counting the stamps: after every flow, and under concurrent changes, they
// must equal what counting the stamps gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, sealedRun } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

/** The run's stored counters, and the same figures counted from its stamps. */
async function storedAndCounted(runId: string) {
  const [row] = (await t.db.sql`
    select json_build_object('issued', r.stamps_issued, 'active', r.stamps_active, 'void', r.stamps_void) as stored,
           (select json_build_object(
                     'issued', count(*) filter (where s.state = 'issued'),
                     'active', count(*) filter (where s.state = 'active'),
                     'void', count(*) filter (where s.state = 'void'))
            from stamps s where s.print_run_id = r.id) as counted
    from print_runs r where r.id = ${runId}`) as unknown as [{ stored: unknown; counted: unknown }];
  return row;
}

describe("a print run's stamp counters", () => {
  it('equal the counted stamps after printing, activating, voiding and a recall', async () => {
    const { c, batch, run, serials } = await sealedRun(t, 60);
    expect(await storedAndCounted(run.id)).toEqual({
      stored: { issued: 60, active: 0, void: 0 },
      counted: { issued: 60, active: 0, void: 0 },
    });
    const change = async (what: 'activate' | 'void', from: number, to: number) => {
      const body: Record<string, unknown> = { fromSerial: serials[from], toSerial: serials[to] };
      if (what === 'void') body.reason = 'Tờ tem bị rách';
      return (await json(t.call('POST', `/api/v1/print-runs/${run.id}/${what}`, { key: c.coop.key, body }), 200)).run
        .stamps;
    };
    expect(await change('activate', 0, 29)).toEqual({ issued: 30, active: 30, void: 0 });
    expect(await change('void', 20, 39)).toEqual({ issued: 20, active: 20, void: 20 });
    // activating everything moves only the issued stamps; void ones stay void
    expect(await change('activate', 0, 59)).toEqual({ issued: 0, active: 40, void: 20 });
    let both = await storedAndCounted(run.id);
    expect(both.stored).toEqual(both.counted);

    await json(
      t.call('POST', `/api/v1/batches/${batch.id}/recall`, {
        key: t.keys.staff,
        body: { reason: 'Dư lượng vượt ngưỡng', authority: 'Chi cục QLCL', recalledOn: '2025-06-14' },
      }),
      201,
    );
    both = await storedAndCounted(run.id);
    expect(both.stored).toEqual(both.counted);
    const read = await json(t.call('GET', `/api/v1/print-runs/${run.id}`, { key: c.coop.key }), 200);
    expect(read.stamps).toEqual({ issued: 0, active: 40, void: 20 });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'stay exact under concurrent activations and voids of overlapping ranges (PostgreSQL)',
    async () => {
      const { c, run, serials } = await sealedRun(t, 400);
      const calls = [];
      for (let i = 0; i < 12; i++) {
        const from = (i * 37) % 360;
        const to = from + 40;
        const what = i % 3 === 2 ? 'void' : 'activate';
        const body: Record<string, unknown> = { fromSerial: serials[from], toSerial: serials[to] };
        if (what === 'void') body.reason = 'Hỏng khi dán';
        calls.push(t.call('POST', `/api/v1/print-runs/${run.id}/${what}`, { key: c.coop.key, body }));
      }
      const answers = await Promise.all(calls);
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
      const both = await storedAndCounted(run.id);
      expect(both.stored).toEqual(both.counted);
      expect(Object.values(both.stored as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(400);
    },
  );
});
