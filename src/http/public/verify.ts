// Answers as data for other systems (no scan recorded): the authenticity check of a stamp
// (gs1:verificationService) and a product's OCOP certificates (gs1:certificationInfo).
import { Hono } from 'hono';
import { stampUri } from '../../domain/digital-link';
import { digitalLinkFromPairs, parseDigitalLinkPath } from '../../domain/digital-link-parse';
import { ratingExpired } from '../../domain/ocop';
import { checkSerial } from '../../domain/serial';
import { addressesStamp, stampVerdict } from '../../domain/stamp-verdict';
import { getProductByGtin } from '../../db/products-store';
import { stampCheck } from '../../db/public-pages-store';
import { errorJson } from '../error-response';
import type { AppEnv } from '../types';
import { limited, type PublicContext } from './context';

export function verifyRoutes(pc: PublicContext) {
  const r = new Hono<AppEnv>();
  const { deps, base } = pc;

  r.get('/verify/:gtin/:lot/:serial', async (c) => {
    // The router has decoded each parameter once: a lot such as "L/9UGB" arrives whole.
    const parsed = digitalLinkFromPairs([
      ['01', c.req.param('gtin')],
      ['10', c.req.param('lot')],
      ['21', c.req.param('serial')],
    ]);
    if ('problem' in parsed) return errorJson(c, 'VALIDATION_FAILED', parsed.problem, null);
    // The stamp page's budget against guessing: once a network has tried too many serials that
    // are not on record, real ones are refused too, before any lookup, so a 200 confirms nothing.
    const client = await pc.clientOf(c);
    const wait = await pc.limits.unknownSerials.peek(client);
    if (wait !== null) return limited(c, wait, { json: true });
    const serial = parsed.serial!.toUpperCase();
    const found = await stampCheck(deps.sql, serial);
    const row = found && addressesStamp(found, parsed.gtin14, parsed.lot) ? found : null;
    if (!row) {
      // Refused when the budget was spent through another instance (this one had not heard yet).
      const over = await pc.limits.unknownSerials.take(client);
      if (over !== null) return limited(c, over, { json: true });
    }
    // A serial on record under another product or lot: said so, without naming that product.
    const verdict = stampVerdict(row, !!row?.recalled, checkSerial(serial), !!found && !row);
    const answer = {
      gtin: parsed.gtin14,
      lot: row ? row.lotCode : parsed.lot,
      serial,
      verdict,
      genuine: verdict === 'genuine',
      scanCount: row?.scanCount ?? null,
      page: stampUri(base, parsed.gtin14, row ? row.lotCode : parsed.lot!, serial),
    };
    return c.json(answer, row ? 200 : 404, { 'Cache-Control': 'no-store' });
  });

  r.get('/ocop/:gtin', async (c) => {
    const parsed = parseDigitalLinkPath(`/01/${c.req.param('gtin')}`);
    if ('problem' in parsed) return errorJson(c, 'VALIDATION_FAILED', parsed.problem, null);
    const product = await getProductByGtin(deps.sql, parsed.gtin14);
    if (!product) return errorJson(c, 'NOT_FOUND', 'No product has this GTIN', null);
    const today = pc.today();
    const answer = {
      gtin: product.gtin,
      name: product.nameVi,
      programme: 'OCOP (Decision 148/QĐ-TTg, 1489/QĐ-TTg)',
      ratings: product.ratings.map((x) => ({ ...x, expired: ratingExpired(x, today) })),
    };
    return c.json(answer, 200, { 'Cache-Control': 'public, max-age=300' });
  });

  return r;
}
