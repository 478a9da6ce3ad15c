// What consumers send back from a stamp page: a report of a suspected fake (form or JSON, a few
// per network per hour) and, only if they choose to share it, the coarse position of their scan.
import { Hono } from 'hono';
import { z } from 'zod';
import { stampUri } from '../../domain/digital-link';
import { addScanPosition, insertFakeReport } from '../../db/scans-store';
import { T, type Lang } from '../../pages/i18n';
import { MessagePage } from '../../pages/product';
import { errorJson } from '../error-response';
import { filterText, text } from '../schemas';
import type { AppEnv } from '../types';
import { html, limited, type PublicContext } from './context';

const reportBody = z.object({
  gtin: z.string().regex(/^\d{14}$/),
  lot: filterText(20).optional().default(''),
  serial: text(40),
  verdict: filterText(20),
  lang: z.enum(['vi', 'en']).optional(),
  message: text(2000, { multiline: true }),
  contact: filterText(200).optional().default(''),
});

const positionBody = z.object({
  serial: z.string().min(1).max(40),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** A position is accepted for a scan of the same stamp from the same network this recently. */
const POSITION_WINDOW_MS = 15 * 60_000;

export function reportRoutes(pc: PublicContext) {
  const r = new Hono<AppEnv>();
  const { deps } = pc;

  r.post('/report', async (c) => {
    const client = await pc.clientOf(c);
    const wait = await pc.limits.reports.take(client);
    const type = c.req.header('content-type') ?? '';
    // the stamp page's form gets a page; a script posting JSON gets JSON
    if (wait !== null) return limited(c, wait, { json: /json/.test(type) });
    const raw = /json/.test(type)
      ? await c.req.json().catch(() => null)
      : /form/.test(type)
        ? Object.fromEntries(await c.req.formData().catch(() => new FormData()))
        : null;
    const parsed = reportBody.safeParse(raw);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message }));
      return errorJson(c, 'VALIDATION_FAILED', 'The report is not valid', details);
    }
    const b = parsed.data;
    await insertFakeReport(deps.sql, {
      serial: b.serial,
      gtin: b.gtin,
      lot: b.lot || null,
      verdict: b.verdict,
      message: b.message,
      contact: b.contact || null,
      clientHash: client,
      at: deps.clock(),
    });
    const lang: Lang = b.lang ?? pc.langOf(c);
    if (/json/.test(type)) return c.json({ received: true }, 201);
    const back = b.lot ? stampUri('', b.gtin, b.lot, b.serial) : `/01/${b.gtin}`;
    const page = (
      <MessagePage
        lang={lang}
        switchHref={`/report?lang=${lang === 'vi' ? 'en' : 'vi'}`}
        title={T[lang].report}
        message={T[lang].reportThanks}
      />
    );
    return html(c, page, 201, { 'Cache-Control': 'no-store', 'X-Back': back });
  });

  r.post('/scans/position', async (c) => {
    const body = positionBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return errorJson(c, 'VALIDATION_FAILED', 'Send {"serial": string, "lat": number, "lon": number}');
    const since = new Date(deps.clock().getTime() - POSITION_WINDOW_MS);
    const ok = await addScanPosition(
      deps.sql,
      body.data.serial.toUpperCase(),
      await pc.clientOf(c),
      body.data.lat,
      body.data.lon,
      since,
    );
    return ok ? c.body(null, 204) : errorJson(c, 'NOT_FOUND', 'No recent scan of this stamp from your network');
  });

  return r;
}
