// Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and SHA-256 digests of it: the exact
// bytes a batch record is signed over, so that anyone can recompute them from the parsed record.

import canonicalize from 'canonicalize';
import { SigningError } from './errors';

/** JSON values as RFC 8785 / I-JSON (RFC 7493) admit them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Serialise a value as RFC 8785 canonical JSON.
 *
 * Stricter than JSON.stringify on purpose: what gets signed must be exactly what was meant, so
 * instead of silently dropping `undefined`, turning NaN into null or calling `toJSON` on a Date,
 * it throws SigningError('SIGNING_PAYLOAD_NOT_JSON') naming the offending path.
 */
export function canonicalJson(value: unknown): string {
  assertIJson(value, '$', new Set());
  const text = canonicalize(value);
  if (typeof text !== 'string') {
    // Unreachable after assertIJson; kept so the type of the result is honest.
    throw new SigningError('SIGNING_PAYLOAD_NOT_JSON', 'value has no JSON form', { details: { path: '$' } });
  }
  return text;
}

function notJson(path: string, why: string): SigningError {
  return new SigningError('SIGNING_PAYLOAD_NOT_JSON', `${path} ${why}`, { details: { path } });
}

function assertIJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      if (LONE_SURROGATE.test(value)) throw notJson(path, 'contains a lone UTF-16 surrogate (not I-JSON)');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, `is ${value}, which JSON cannot represent`);
      return;
    case 'object':
      break;
    default:
      // undefined, function, symbol, bigint
      throw notJson(path, `is a ${typeof value}, which JSON cannot represent`);
  }
  if (value === null) return;
  if (ancestors.has(value)) throw notJson(path, 'refers back to one of its ancestors (cycle)');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw notJson(`${path}[${i}]`, 'is a hole in a sparse array');
      assertIJson(value[i], `${path}[${i}]`, ancestors);
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'object';
      throw notJson(path, `is a ${kind}; convert it to a plain JSON value first (e.g. a Date to an ISO 8601 string)`);
    }
    for (const [key, member] of Object.entries(value)) {
      const memberPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
      if (LONE_SURROGATE.test(key)) throw notJson(memberPath, 'has a property name with a lone UTF-16 surrogate');
      assertIJson(member, memberPath, ancestors);
    }
  }
  ancestors.delete(value);
}

const utf8 = new TextEncoder();

/** Lower-case hex SHA-256 of a text (hashed as UTF-8) or of raw bytes. */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const bytes = typeof input === 'string' ? utf8.encode(input) : new Uint8Array(input);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
