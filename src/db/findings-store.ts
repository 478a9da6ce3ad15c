// Link-check findings: a run stores what the rules found (new ones open; known ones refreshed;
// resolved ones open again only when their fingerprint changed or they had been cleared; ones
// no longer found in the run's scope are cleared), and staff acknowledge or resolve them with a
// note. Runs (src/checks/run.ts) and reviews are audited by the caller's transaction.
import type { Bilingual, CheckScope, FindingObject, FindingStatus, Severity } from '../domain/findings';
import type { Db, Tx } from './client';

export type { FindingStatus } from '../domain/findings';

/** A finding as stored; its rule's title is added by src/checks (titledFinding). */
export interface StoredFinding {
  id: string;
  rule: string;
  severity: Severity;
  status: FindingStatus;
  message: { vi: string; en: string };
  cooperativeId: string | null;
  objects: FindingObject[];
  facts: Record<string, unknown>;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  firstFoundAt: Date;
  lastFoundAt: Date;
  /** Set when a later run no longer found it: the data was put right. */
  clearedAt: Date | null;
  reopenedCount: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a run found, as the store keeps it. */
export interface IncomingFinding {
  rule: string;
  severity: Severity;
  subjectKey: string;
  /** What must change for a resolved finding to open again (its md5 is the fingerprint). */
  basis: unknown;
  cooperativeId: string | null;
  objects: FindingObject[];
  facts: Record<string, unknown>;
  message: Bilingual;
}

/** Link-check runs never overlap: the second waits for the first's transaction to end. */
export async function lockLinkCheckRuns(tx: Tx): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext('ocop-trace link checks'))`;
}

/** The runs' lock without waiting: false when another run holds it. */
export async function tryLockLinkCheckRuns(tx: Tx): Promise<boolean> {
  const [row] = await tx<
    { locked: boolean }[]
  >`select pg_try_advisory_xact_lock(hashtext('ocop-trace link checks')) as locked`;
  return row!.locked;
}

/** Findings sent to the database per statement: bounded, whatever the number found. */
export const FINDINGS_CHUNK = 2000;

/**
 * Opens the run's staging table: a temporary table dropped when the run's transaction ends
 * (committed or rolled back). Findings are staged in bounded chunks (stageFindings) and merged
 * into link_findings in set-based statements (mergeStagedFindings), all in the run's one
 * transaction: the previous findings stay as they were until the new run commits, and a run
 * that fails midway leaves them untouched.
 */
export async function openFindingsStage(tx: Tx): Promise<void> {
  await tx`drop table if exists pg_temp.link_findings_stage`;
  await tx`
    create temp table link_findings_stage (
      n bigint not null, rule text not null, severity text not null, subject_key text not null, fingerprint text not null,
      cooperative_id uuid, objects jsonb not null, object_ids uuid[] not null, facts jsonb not null,
      message_vi text not null, message_en text not null, prev_status text
    ) on commit drop`;
}

/** Stages found findings, at most `chunk` per statement; returns how many are staged in all. */
export async function stageFindings(
  tx: Tx,
  found: readonly IncomingFinding[],
  staged: number,
  chunk = FINDINGS_CHUNK,
): Promise<number> {
  for (let i = 0; i < found.length; i += chunk) {
    const part = found.slice(i, i + chunk).map((p, j) => ({
      n: staged + i + j,
      rule: p.rule,
      severity: p.severity,
      subject_key: p.subjectKey,
      // the fingerprint is md5 of this in the database: jsonb's text form is canonical (keys sorted)
      basis: p.basis,
      cooperative_id: p.cooperativeId,
      objects: p.objects,
      object_ids: p.objects.filter((o) => UUID.test(o.id)).map((o) => o.id.toLowerCase()),
      facts: p.facts,
      message_vi: p.message.vi,
      message_en: p.message.en,
    }));
    await tx`
      insert into link_findings_stage (n, rule, severity, subject_key, fingerprint, cooperative_id, objects, object_ids, facts,
                                       message_vi, message_en)
      select n, rule, severity, subject_key, md5(basis::text), cooperative_id, objects, object_ids, facts, message_vi, message_en
        from jsonb_to_recordset(${tx.json(part as never)}::jsonb) as x(
          n bigint, rule text, severity text, subject_key text, basis jsonb, cooperative_id uuid, objects jsonb,
          object_ids uuid[], facts jsonb, message_vi text, message_en text)`;
  }
  return staged + found.length;
}

/**
 * Merges the staged findings into link_findings in the caller's transaction: new ones open,
 * known ones are refreshed, a resolved one opens again when its fingerprint changed or it had
 * been cleared, and those in the scope that the run no longer found are cleared.
 */
export async function mergeStagedFindings(tx: Tx, scope: CheckScope, now: Date) {
  // the planner knows nothing of a fresh temporary table; its size decides the joins below
  await tx`analyze link_findings_stage`;
  // What was stored before, to tell new and reopened findings apart (a hash join on the key).
  await tx`
    update link_findings_stage s set prev_status = f.status
      from link_findings f where f.rule = s.rule and f.subject_key = s.subject_key`;

  // Upsert every finding: a resolved one opens again when its fingerprint changed or it had been
  // cleared in between; acknowledged ones stay acknowledged with refreshed facts.
  const [counts] = await tx<{ stored: number; new: number; needAttention: number; reopenedIds: string[] }[]>`
    with up as (
      insert into link_findings as f (rule, severity, subject_key, fingerprint, cooperative_id, objects, object_ids, facts,
                                      message_vi, message_en, first_found_at, last_found_at)
      select rule, severity, subject_key, fingerprint, cooperative_id, objects, object_ids, facts, message_vi, message_en,
             ${now}, ${now}
        from link_findings_stage order by n
      on conflict (rule, subject_key) do update set
        severity = excluded.severity, cooperative_id = excluded.cooperative_id, objects = excluded.objects,
        object_ids = excluded.object_ids, facts = excluded.facts, message_vi = excluded.message_vi,
        message_en = excluded.message_en, last_found_at = excluded.last_found_at, fingerprint = excluded.fingerprint,
        cleared_at = null,
        status = case when f.status = 'resolved' and (f.fingerprint <> excluded.fingerprint or f.cleared_at is not null)
                      then 'open' else f.status end,
        reopened_count = f.reopened_count
          + case when f.status = 'resolved' and (f.fingerprint <> excluded.fingerprint or f.cleared_at is not null) then 1 else 0 end
      returning f.id, f.rule, f.subject_key, f.status)
    select count(*)::int as stored,
           (count(*) filter (where s.prev_status is null))::int as new,
           (count(*) filter (where up.status <> 'resolved'))::int as "needAttention",
           coalesce(array_agg(up.id order by s.n) filter (where s.prev_status = 'resolved' and up.status = 'open'),
                    '{}')::text[] as "reopenedIds"
      from up join link_findings_stage s on s.rule = up.rule and s.subject_key = up.subject_key`;

  // The same counts by rule, for the run's result page (new, and resolved ones opened again).
  const byRule = await tx<{ rule: string; new: number; reopened: number }[]>`
    select s.rule, (count(*) filter (where s.prev_status is null))::int as new,
           (count(*) filter (where s.prev_status = 'resolved' and f.status = 'open'))::int as reopened
      from link_findings_stage s join link_findings f on f.rule = s.rule and f.subject_key = s.subject_key
     group by s.rule`;

  const scopeId = scope.kind === 'all' ? null : scope.id;
  const clearedByRule = await tx<{ rule: string; n: number }[]>`
    with c as (
      update link_findings f set cleared_at = ${now}
       where f.cleared_at is null
         and (${scopeId}::uuid is null or ${scopeId} = any (f.object_ids)
              or (${scope.kind === 'cooperative'} and f.cooperative_id = ${scopeId}))
         and not exists (select 1 from link_findings_stage x where x.rule = f.rule and x.subject_key = f.subject_key)
      returning f.rule)
    select rule, count(*)::int as n from c group by rule`;

  return {
    stored: counts!.stored,
    new: counts!.new,
    reopenedIds: counts!.reopenedIds,
    cleared: clearedByRule.reduce((n, r) => n + r.n, 0),
    needAttention: counts!.needAttention,
    byRule: Object.fromEntries(byRule.map((r) => [r.rule, { new: r.new, reopened: r.reopened }])) as Record<
      string,
      { new: number; reopened: number }
    >,
    clearedByRule: Object.fromEntries(clearedByRule.map((r) => [r.rule, r.n])) as Record<string, number>,
  };
}

/** Stores one run's findings in the caller's transaction (stage in chunks, then merge). */
export async function storeFindings(
  tx: Tx,
  found: readonly IncomingFinding[],
  scope: CheckScope,
  now: Date,
  chunk = FINDINGS_CHUNK,
) {
  await openFindingsStage(tx);
  await stageFindings(tx, found, 0, chunk);
  return mergeStagedFindings(tx, scope, now);
}

export const FINDING_VIEWS = ['attention', 'open', 'acknowledged', 'resolved', 'cleared', 'all'] as const;
export type FindingView = (typeof FINDING_VIEWS)[number];

/** A stored finding as read: the two messages are columns. */
interface Row extends Omit<StoredFinding, 'message'> {
  seq: number;
  messageVi: string;
  messageEn: string;
}

const cols = (db: Db) => db`
  f.seq, f.id, f.rule, f.severity, f.status, f.message_vi, f.message_en,
  f.cooperative_id, f.objects, f.facts, f.note, f.reviewed_by,
  f.reviewed_at, f.first_found_at, f.last_found_at,
  f.cleared_at, f.reopened_count`;

function toFinding({ seq: _seq, messageVi, messageEn, ...r }: Row): StoredFinding {
  return { ...r, message: { vi: messageVi, en: messageEn } };
}

export interface FindingFilter {
  view: FindingView;
  rule?: string | undefined;
  severity?: Severity | undefined;
  cooperativeId?: string | undefined;
  objectId?: string | undefined;
  /** A cooperative key or user sees its own data only. */
  visibleTo: string | null;
  after: number;
  limit: number;
}

export async function listFindings(
  db: Db,
  f: FindingFilter,
): Promise<{ items: StoredFinding[]; nextCursor: string | null }> {
  const view = f.view;
  const rows = await db<Row[]>`
    select ${cols(db)} from link_findings f
     where f.seq > ${f.after}
       and (${view} = 'all'
            or (${view} = 'attention' and f.cleared_at is null and f.status <> 'resolved')
            or (${view} = 'cleared' and f.cleared_at is not null)
            or (${view} in ('open', 'acknowledged', 'resolved') and f.cleared_at is null and f.status = ${view}))
       and (${f.rule ?? null}::text is null or f.rule = ${f.rule ?? null})
       and (${f.severity ?? null}::text is null or f.severity = ${f.severity ?? null})
       and (${f.cooperativeId ?? null}::uuid is null or f.cooperative_id = ${f.cooperativeId ?? null})
       ${f.objectId ? db`and f.object_ids @> array[${f.objectId}]::uuid[]` : db``}
       and (${f.visibleTo}::uuid is null or f.cooperative_id = ${f.visibleTo})
     order by f.seq
     limit ${f.limit + 1}`;
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { items: page.map(toFinding), nextCursor: more ? String(page[page.length - 1]!.seq) : null };
}

/** Counts of live findings by rule and severity, for the console's filters. */
export async function countFindings(db: Db, visibleTo: string | null) {
  return db<{ rule: string; severity: Severity; status: FindingStatus; n: number }[]>`
    select rule, severity, status, count(*)::int as n from link_findings
     where cleared_at is null and (${visibleTo}::uuid is null or cooperative_id = ${visibleTo})
     group by rule, severity, status
     order by rule, status`;
}

export async function getFinding(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredFinding | null> {
  const [row] = opts.forUpdate
    ? await db<Row[]>`select ${cols(db)} from link_findings f where f.id = ${id} for update`
    : await db<Row[]>`select ${cols(db)} from link_findings f where f.id = ${id}`;
  return row ? toFinding(row) : null;
}

export async function reviewFinding(
  db: Db,
  id: string,
  review: { status: 'acknowledged' | 'resolved'; note: string; by: string },
  now: Date,
): Promise<StoredFinding> {
  await db`
    update link_findings set status = ${review.status}, note = ${review.note}, reviewed_by = ${review.by}, reviewed_at = ${now}
     where id = ${id}`;
  return (await getFinding(db, id))!;
}

// --- settings of the yield rules -------------------------------------------------------------

export interface YieldRange {
  productId: string;
  productName: string;
  minInputPerOutput: number;
  maxInputPerOutput: number;
}

export interface CropCeiling {
  crop: string;
  tonnesPerHa: number;
}

export async function listYieldRanges(db: Db): Promise<YieldRange[]> {
  return db<YieldRange[]>`
    select y.product_id, p.name_vi as "productName",
           y.min_input_per_output::float8, y.max_input_per_output::float8
      from yield_ranges y join products p on p.id = y.product_id
     order by p.seq`;
}

export async function putYieldRange(db: Db, productId: string, min: number, max: number, now: Date) {
  await db`
    insert into yield_ranges (product_id, min_input_per_output, max_input_per_output, updated_at)
    values (${productId}, ${min}, ${max}, ${now})
    on conflict (product_id) do update set min_input_per_output = excluded.min_input_per_output,
      max_input_per_output = excluded.max_input_per_output, updated_at = excluded.updated_at`;
}

export async function deleteYieldRange(db: Db, productId: string): Promise<boolean> {
  const r = await db`delete from yield_ranges where product_id = ${productId}`;
  return r.count > 0;
}

export async function listCropCeilings(db: Db): Promise<CropCeiling[]> {
  return db<CropCeiling[]>`select crop, tonnes_per_ha::float8 from crop_yield_ceilings order by crop`;
}

export async function putCropCeiling(db: Db, crop: string, tonnesPerHa: number, now: Date) {
  await db`
    insert into crop_yield_ceilings (crop, tonnes_per_ha, updated_at) values (${crop}, ${tonnesPerHa}, ${now})
    on conflict (crop) do update set tonnes_per_ha = excluded.tonnes_per_ha, updated_at = excluded.updated_at`;
}

export async function deleteCropCeiling(db: Db, crop: string): Promise<boolean> {
  const r = await db`delete from crop_yield_ceilings where crop = ${crop}`;
  return r.count > 0;
}
