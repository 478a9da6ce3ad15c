// A stamp's events are history: voiding a stamp that was activated adds a decommissioning event
// and leaves the activation it was part of as it was published (same eventID, same EPCs). Before
// the stamps kept their activation, the run's events were rebuilt from each stamp's last state
// and the void rewrote the activation event without that stamp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpcisEvent } from '../../src/domain/epcis-event';
import { createTestContext, type TestContext } from '../support/app';
import { json, sealedRun } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

/** The run's events of one business step, with the serials they name. */
async function eventsOf(runId: string, step: string) {
  const rows = await t.db.sql<{ eventId: string; document: EpcisEvent }[]>`
    select event_id, document from epcis_events
     where record_kind = 'print_run' and record_id = ${runId} and biz_step = ${`https://ref.gs1.org/cbv/BizStep-${step}`}
     order by event_time, event_id`;
  return rows.map((r) => ({
    eventId: r.eventId,
    serials: ((r.document.epcList as string[] | undefined) ?? []).map((u) => u.split('/21/')[1]),
  }));
}

describe('a voided stamp keeps its activation in the EPCIS events', () => {
  it('adds a decommissioning event and leaves the activation event as it was published', async () => {
    const { c, run, serials } = await sealedRun(t, 10);
    const change = (what: 'activate' | 'void', from: number, to: number) =>
      json(
        t.call('POST', `/api/v1/print-runs/${run.id}/${what}`, {
          key: c.coop.key,
          body: {
            fromSerial: serials[from],
            toSerial: serials[to],
            ...(what === 'void' ? { reason: 'Tem bị rách' } : {}),
          },
        }),
        200,
      );
    await change('activate', 0, 4);
    const activated = await eventsOf(run.id, 'stocking');
    expect(activated).toEqual([{ eventId: expect.any(String), serials: serials.slice(0, 5) }]);

    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    await change('void', 1, 1); // an active stamp
    await change('void', 7, 7); // one never activated

    expect(await eventsOf(run.id, 'stocking')).toEqual(activated);
    const voided = await eventsOf(run.id, 'decommissioning');
    expect(voided).toHaveLength(1);
    expect(voided[0]!.serials).toEqual([serials[1], serials[7]]);
  });
});
