// Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and SHA-256 digests of it: the exact
// bytes a batch record is signed over, so that anyone can recompute them from the parsed record.

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
  // Fast path: a copy whose members were added in canonical order, written by one JSON.stringify.
  // Engines list integer-like keys ("10", "2") first and in numeric order whatever the insertion
  // order, so a value that has one is written member by member instead.
  const copy = orderedCopy(value, [], new Set());
  return copy === INTEGER_KEY ? serialise(value, [], new Set()) : JSON.stringify(copy);
}

const INTEGER_KEY = Symbol('integer-like key');
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** The value checked as I-JSON and copied with every object's members in UTF-16 code unit order. */
function orderedCopy(value: unknown, at: (string | number)[], ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      if (LONE_SURROGATE.test(value)) throw notJson(at, 'contains a lone UTF-16 surrogate (not I-JSON)');
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw notJson(at, `is ${value}, which JSON cannot represent`);
      return value;
    case 'object':
      break;
    default:
      throw notJson(at, `is a ${typeof value}, which JSON cannot represent`);
  }
  if (value === null) return null;
  if (ancestors.has(value)) throw notJson(at, 'refers back to one of its ancestors (cycle)');
  ancestors.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      if (!(i in value)) throw notJson(at, 'is a hole in a sparse array');
      const member = orderedCopy(value[i], at, ancestors);
      if (member === INTEGER_KEY) return INTEGER_KEY;
      out[i] = member;
      at.pop();
    }
    copy = out;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'object';
      throw notJson(at, `is a ${kind}; convert it to a plain JSON value first (e.g. a Date to an ISO 8601 string)`);
    }
    const keys = Object.keys(value).sort();
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      at.push(key);
      if (LONE_SURROGATE.test(key)) throw notJson(at, 'has a property name with a lone UTF-16 surrogate');
      if (ARRAY_INDEX.test(key)) return INTEGER_KEY;
      const member = orderedCopy((value as Record<string, unknown>)[key], at, ancestors);
      if (member === INTEGER_KEY) return INTEGER_KEY;
      out[key] = member;
      at.pop();
    }
    copy = out;
  }
  ancestors.delete(value);
  return copy;
}

/** `$.a[0]["b c"]`: the path is written out only for an error (every seal checks thousands of members). */
function pathOf(segments: (string | number)[]): string {
  let path = '$';
  for (const s of segments) {
    if (typeof s === 'number') path += `[${s}]`;
    else path += /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return path;
}

function notJson(segments: (string | number)[], why: string): SigningError {
  const path = pathOf(segments);
  return new SigningError('SIGNING_PAYLOAD_NOT_JSON', `${path} ${why}`, { details: { path } });
}

/**
 * Checks and writes in one walk (a seal serialises a record and a passport: this is on its path).
 * Strings and numbers are written by JSON.stringify, which RFC 8785 adopts as is (ECMAScript
 * number formatting, minimal string escaping); members in UTF-16 code unit order, as Array sort
 * compares strings.
 */
function serialise(value: unknown, at: (string | number)[], ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      if (LONE_SURROGATE.test(value)) throw notJson(at, 'contains a lone UTF-16 surrogate (not I-JSON)');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw notJson(at, `is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      // undefined, function, symbol, bigint
      throw notJson(at, `is a ${typeof value}, which JSON cannot represent`);
  }
  if (value === null) return 'null';
  if (ancestors.has(value)) throw notJson(at, 'refers back to one of its ancestors (cycle)');
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      if (!(i in value)) throw notJson(at, 'is a hole in a sparse array');
      out += (i === 0 ? '' : ',') + serialise(value[i], at, ancestors);
      at.pop();
    }
    out += ']';
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'object';
      throw notJson(at, `is a ${kind}; convert it to a plain JSON value first (e.g. a Date to an ISO 8601 string)`);
    }
    const keys = Object.keys(value).sort();
    out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      at.push(key);
      if (LONE_SURROGATE.test(key)) throw notJson(at, 'has a property name with a lone UTF-16 surrogate');
      out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${serialise((value as Record<string, unknown>)[key], at, ancestors)}`;
      at.pop();
    }
    out += '}';
  }
  ancestors.delete(value);
  return out;
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
