// The passports of sealed batches (their signed DPP and DTE), the bits of the revocation status
// lists (read from the batches' state), and the rows a raw-material area's DFR is built from.
import type { DfrArea } from '../domain/untp-dfr';
import type { Db } from './client';

/** A credential as fixed at the seal: its canonical JSON, signed when asked for; or, issued before that, its JWS. */
export type StoredCredential = { json: string; jws?: undefined } | { jws: string; json?: undefined };

export interface StoredPassport {
  batchId: string;
  statusIndex: number;
  dpp: StoredCredential;
  dte: StoredCredential;
  /** The key current at the seal. */
  kid: string;
  issuedAt: Date;
}

const credentialOf = (jws: string | null, json: string | null): StoredCredential =>
  jws !== null ? { jws } : { json: json! };

/** Takes the next status index: the identity column hands out each index once, concurrency-safe. */
export async function nextStatusIndex(db: Db): Promise<number> {
  const [row] = await db<{ n: string }[]>`
    select nextval('passports_status_index_seq')::text as n`;
  return Number(row!.n);
}

export async function insertPassport(db: Db, p: StoredPassport): Promise<void> {
  await db`
    insert into passports (batch_id, status_index, dpp_jws, dpp_json, dte_jws, dte_json, kid, issued_at)
    overriding system value
    values (${p.batchId}, ${p.statusIndex}, ${p.dpp.jws ?? null}, ${p.dpp.json ?? null}, ${p.dte.jws ?? null},
            ${p.dte.json ?? null}, ${p.kid}, ${p.issuedAt})`;
}

export async function getPassport(db: Db, batchId: string): Promise<StoredPassport | null> {
  const [row] = await db<
    {
      batchId: string;
      statusIndex: string;
      dppJws: string | null;
      dppJson: string | null;
      dteJws: string | null;
      dteJson: string | null;
      kid: string;
      issuedAt: Date;
    }[]
  >`
    select batch_id, status_index::text, dpp_jws, dpp_json, dte_jws, dte_json, kid, issued_at
    from passports where batch_id = ${batchId}`;
  if (!row) return null;
  return {
    batchId: row.batchId,
    statusIndex: Number(row.statusIndex),
    dpp: credentialOf(row.dppJws, row.dppJson),
    dte: credentialOf(row.dteJws, row.dteJson),
    kid: row.kid,
    issuedAt: row.issuedAt,
  };
}

/**
 * The set bits of one status list: passports whose batch was superseded by a correction or is
 * under a recall not lifted. Read in one statement, so it sees each recall, lift or correction
 * whole (they commit in one transaction each).
 */
export async function revokedStatusIndexes(db: Db, from: number, to: number): Promise<number[]> {
  const rows = await db<{ i: string }[]>`
    select p.status_index::text as i from passports p join batches b on b.id = p.batch_id
    where p.status_index >= ${from} and p.status_index < ${to}
      and (b.status = 'superseded'
           or exists (select 1 from batch_recalls r where r.batch_id = b.id and r.lifted_at is null))
    order by p.status_index`;
  return rows.map((r) => Number(r.i));
}

/** How many status lists are in use (at least one, so the first list always answers). */
export async function statusListCount(db: Db, bitsPerList: number): Promise<number> {
  const [row] = await db<{ n: string | null }[]>`select max(status_index)::text as n from passports`;
  return row?.n === null || row?.n === undefined ? 1 : Math.floor(Number(row.n) / bitsPerList) + 1;
}

/** The rows an area's DFR is built from: the area, its certifications and its operator. */
export async function areaForDfr(db: Db, areaId: string): Promise<DfrArea | null> {
  const [row] = await db<(Omit<DfrArea, 'updatedAt'> & { updatedAt: Date })[]>`
    select a.id, a.code, a.name, a.province, a.commune, a.location, a.area_ha::float8, a.crops, a.households,
           a.planting_area_code, a.updated_at,
           coalesce((select json_agg(json_build_object('scheme', c.scheme, 'number', c.number, 'issuer', c.issuer,
                       'validFrom', c.valid_from, 'validTo', c.valid_to) order by c.valid_from, c.number)
                     from area_certifications c where c.area_id = a.id), '[]'::json) as certifications,
           json_build_object('id', o.id, 'name', o.name, 'gln', o.gln) as operator
    from raw_material_areas a join organizations o on o.id = a.operator_id
    where a.id = ${areaId}`;
  return row ? { ...row, updatedAt: row.updatedAt.toISOString() } : null;
}

/** Sealed batches issued before passports existed (or restored without them): the backfill's work list. */
export async function sealedBatchesWithoutPassport(db: Db, limit: number): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select b.id from batches b
    where b.status <> 'draft' and not exists (select 1 from passports p where p.batch_id = b.id)
    order by b.seq limit ${limit}`;
  return rows.map((r) => r.id);
}

/** The signed record of a sealed (or superseded) batch, its row locked: a backfill issues one passport per batch. */
export async function lockSealedRecord(db: Db, batchId: string): Promise<string | null> {
  const [row] = await db<{ jws: string | null }[]>`
    select record_jws as jws from batches where id = ${batchId} and status <> 'draft' for update`;
  return row?.jws ?? null;
}
