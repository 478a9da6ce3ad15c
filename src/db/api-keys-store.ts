// API keys: "ocop_<prefix>_<secret>". The prefix finds the row, the secret's SHA-256 is
// compared in constant time; the full key is shown once at creation and never stored.
import type { Db } from './client';
import type { Actor, Role } from '../domain/roles';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  // Rejection sampling keeps every character uniformly likely.
  const out: string[] = [];
  const buf = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(buf);
    for (const b of buf) {
      if (b < 252 && out.length < length) out.push(ALPHABET[b % 36]!);
    }
  }
  return out.join('');
}

export async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  organizationId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

const columns = (db: Db) => db`
  id, name, prefix, role, organization_id, created_at,
  revoked_at`;

export async function createApiKey(
  db: Db,
  input: { name: string; role: Role; organizationId: string | null; createdBy: string | null },
): Promise<{ key: string; row: ApiKeyRow }> {
  const prefix = randomToken(10);
  // 50 characters of base36 ≈ 258 bits of entropy.
  const secret = randomToken(50);
  const [row] = await db<ApiKeyRow[]>`
    insert into api_keys (name, prefix, secret_hash, role, organization_id, created_by)
    values (${input.name}, ${prefix}, ${await sha256Hex(secret)}, ${input.role},
            ${input.organizationId}, ${input.createdBy})
    returning ${columns(db)}`;
  return { key: `ocop_${prefix}_${secret}`, row: row! };
}

export async function authenticateApiKey(db: Db, presented: string): Promise<Actor | null> {
  const m = /^ocop_([a-z0-9]{10})_([a-z0-9]{50})$/.exec(presented);
  if (!m) return null;
  const [row] = await db<{ id: string; name: string; role: Role; organizationId: string | null; secretHash: string }[]>`
    select id, name, role, organization_id, secret_hash
    from api_keys where prefix = ${m[1]!} and revoked_at is null`;
  if (!row || !constantTimeEqual(row.secretHash, await sha256Hex(m[2]!))) return null;
  return { keyId: row.id, name: row.name, role: row.role, organizationId: row.organizationId };
}

/** A page of the keys by creation (keyset on seq), oldest first or, with `newestFirst`, newest first. */
export async function listApiKeys(
  db: Db,
  f: { after: number; limit: number; newestFirst?: boolean },
): Promise<(ApiKeyRow & { seq: number })[]> {
  return db<(ApiKeyRow & { seq: number })[]>`
    select seq, ${columns(db)} from api_keys
    ${
      f.newestFirst
        ? db`${f.after ? db`where seq < ${f.after}` : db``} order by seq desc`
        : db`where seq > ${f.after} order by seq`
    }
    limit ${f.limit + 1}`;
}

export async function getApiKey(db: Db, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db<ApiKeyRow[]>`select ${columns(db)} from api_keys where id = ${id}`;
  return row ?? null;
}

export async function revokeApiKey(db: Db, id: string, at: Date): Promise<ApiKeyRow | null> {
  const [row] = await db<ApiKeyRow[]>`
    update api_keys set revoked_at = coalesce(revoked_at, ${at}) where id = ${id}
    returning ${columns(db)}`;
  return row ?? null;
}

export async function countApiKeys(db: Db): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from api_keys`;
  return row!.n;
}
