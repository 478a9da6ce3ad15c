// Parsing GS1 Digital Link request paths: /01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}].
import { CSET82, normalizeGtin } from './identifiers';

export interface DigitalLinkPath {
  gtin14: string;
  lot: string | null;
  serial: string | null;
}

export type DigitalLinkProblem = { problem: string };

function decode(v: string): string | null {
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}

export function parseDigitalLinkPath(path: string): DigitalLinkPath | DigitalLinkProblem {
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== '01' || parts.length < 2 || parts.length % 2 !== 0) return { problem: SHAPE };
  const pairs: [string, string | null][] = [];
  for (let i = 0; i < parts.length; i += 2) pairs.push([parts[i]!, i === 0 ? parts[1]! : decode(parts[i + 1]!)]);
  return digitalLinkFromPairs(pairs);
}

const SHAPE = 'a GS1 Digital Link path is /01/{gtin} followed by /10/{lot} and /21/{serial}';

/**
 * The same rules over values already decoded, in the order they came (AI 01 first): for routes
 * whose parameters the router has decoded, and for compressed Digital Links.
 */
export function digitalLinkFromPairs(
  pairs: readonly (readonly [string, string | null])[],
): DigitalLinkPath | DigitalLinkProblem {
  const [primary, ...qualifiers] = pairs;
  if (primary?.[0] !== '01' || primary[1] === null) return { problem: SHAPE };
  const g = normalizeGtin(primary[1]);
  if ('problem' in g)
    return {
      problem: g.problem === 'check_digit' ? 'the GTIN check digit is wrong' : 'a GTIN has 8, 12, 13 or 14 digits',
    };
  let lot: string | null = null;
  let serial: string | null = null;
  const order = ['22', '10', '21'];
  let last = -1;
  for (const [ai, value] of qualifiers) {
    const at = order.indexOf(ai);
    if (at < 0) return { problem: `the qualifier /${ai}/ is not one of /22/, /10/, /21/ for a GTIN` };
    if (at <= last) return { problem: 'qualifiers must come in the order 22, 10, 21, each once' };
    last = at;
    if (value === null || !CSET82.test(value))
      return { problem: `the value of /${ai}/ is not 1–20 characters of GS1 character set 82` };
    if (ai === '10') lot = value;
    if (ai === '21') serial = value;
  }
  return { gtin14: g.gtin14, lot, serial };
}
