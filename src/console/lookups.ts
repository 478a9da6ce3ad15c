// Reads several staff pages share, through the API's operations: the areas to pick from, and
// what a typed or scanned stamp means (a bare serial, a whole stamp URL or Digital Link).
import { parseDigitalLinkPath } from '../domain/digital-link-parse';
import { checkSerial, SERIAL_LENGTH } from '../domain/serial';
import type { Area } from '../db/areas-store';
import { areaOps } from '../http/routes';
import type { AppDeps } from '../http/types';
import type { ConsoleContext } from './env';
import { callOp } from './ops';

export type AreaChoice = Pick<Area, 'id' | 'code' | 'name' | 'province' | 'commune'>;

/** Up to 200 areas (those whose code or name contains `q` when given), for a pick list. */
export async function areaChoices(
  deps: AppDeps,
  c: ConsoleContext,
  q?: string,
): Promise<{ items: AreaChoice[]; more: boolean }> {
  const p = await callOp(deps, c, areaOps.list, { query: { limit: '200', q: q?.trim().slice(0, 100) || undefined } });
  return {
    items: p.items.map(({ id, code, name, province, commune }) => ({ id, code, name, province, commune })),
    more: p.nextCursor !== null,
  };
}

export const areaLabel = (a: AreaChoice) => `${a.code} — ${a.name}${a.commune ? `, ${a.commune}` : ''}`;

export type StampInput =
  | { kind: 'serial'; serial: string }
  | { kind: 'lot'; gtin: string; lot: string }
  | { kind: 'problem'; problem: 'empty' | 'mistyped' | 'unreadable' | 'product_only'; detail?: string };

/**
 * What someone typed or a barcode scanner typed into the "stamp" box: a serial (spaces and
 * dashes ignored, any case), or a stamp's URL / GS1 Digital Link (…/01/{gtin}/10/{lot}/21/{serial},
 * with or without the host): its serial, else its GTIN and lot code.
 */
export function readStampInput(raw: string): StampInput {
  const text = raw.trim();
  if (!text) return { kind: 'problem', problem: 'empty' };
  const at = text.indexOf('/01/');
  if (at >= 0) {
    const path = text.slice(at).split(/[?#\s]/)[0]!;
    const parsed = parseDigitalLinkPath(path);
    if ('problem' in parsed) return { kind: 'problem', problem: 'unreadable', detail: parsed.problem };
    if (parsed.serial !== null) return readSerial(parsed.serial);
    if (parsed.lot !== null) return { kind: 'lot', gtin: parsed.gtin14, lot: parsed.lot };
    return { kind: 'problem', problem: 'product_only' };
  }
  return readSerial(text);
}

function readSerial(text: string): StampInput {
  const serial = text.replace(/[\s-]/g, '').toUpperCase();
  if (serial.length !== SERIAL_LENGTH) return { kind: 'problem', problem: 'unreadable' };
  const verdict = checkSerial(serial);
  if (verdict === 'well_formed') return { kind: 'serial', serial };
  return { kind: 'problem', problem: verdict === 'mistyped' ? 'mistyped' : 'unreadable' };
}
