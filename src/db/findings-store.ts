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

/**
 * Stores one run's findings in the caller's transaction: new ones open, known ones are
 * refreshed, a resolved one opens again when its fingerprint changed or it had been cleared,
 * and those in the scope that the run no longer found are cleared.
 */
export async function storeFindings(tx: Tx, found: readonly IncomingFinding[], scope: CheckScope, now: Date) {
  const incoming = found.map((p) => ({
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

  // What was stored before, to tell new and reopened findings apart (a hash join on the key).
  const incomingJson = tx.json(incoming as never);
  const before = await tx<{ rule: string; subjectKey: string; status: FindingStatus }[]>`
    with incoming as materialized (
      select rule, subject_key from jsonb_to_recordset(${incomingJson}::jsonb) as x(rule text, subject_key text))
    select f.rule, f.subject_key, f.status from link_findings f join incoming i using (rule, subject_key)`;
  const prev = new Map(before.map((r) => [`${r.rule} ${r.subjectKey}`, r.status]));

  // Upsert every finding: a resolved one opens again when its fingerprint changed or it had been
  // cleared in between; acknowledged ones stay acknowledged with refreshed facts.
  const rows = await tx<{ id: string; rule: string; subjectKey: string; status: FindingStatus }[]>`
    insert into link_findings as f (rule, severity, subject_key, fingerprint, cooperative_id, objects, object_ids, facts,
                                    message_vi, message_en, first_found_at, last_found_at)
    select rule, severity, subject_key, md5(basis::text), cooperative_id, objects, object_ids, facts, message_vi, message_en,
           ${now}, ${now}
      from jsonb_to_recordset(${incomingJson}::jsonb) as x(
        rule text, severity text, subject_key text, basis jsonb, cooperative_id uuid, objects jsonb,
        object_ids uuid[], facts jsonb, message_vi text, message_en text)
    on conflict (rule, subject_key) do update set
      severity = excluded.severity, cooperative_id = excluded.cooperative_id, objects = excluded.objects,
      object_ids = excluded.object_ids, facts = excluded.facts, message_vi = excluded.message_vi,
      message_en = excluded.message_en, last_found_at = excluded.last_found_at, fingerprint = excluded.fingerprint,
      cleared_at = null,
      status = case when f.status = 'resolved' and (f.fingerprint <> excluded.fingerprint or f.cleared_at is not null)
                    then 'open' else f.status end,
      reopened_count = f.reopened_count
        + case when f.status = 'resolved' and (f.fingerprint <> excluded.fingerprint or f.cleared_at is not null) then 1 else 0 end
    returning f.id, f.rule, f.subject_key, f.status`;
  const isNew = (r: (typeof rows)[number]) => !prev.has(`${r.rule} ${r.subjectKey}`);
  const reopened = rows.filter((r) => prev.get(`${r.rule} ${r.subjectKey}`) === 'resolved' && r.status === 'open');

  const scopeId = scope.kind === 'all' ? null : scope.id;
  // The found keys are expanded once (a CTE) so that the NOT EXISTS becomes one hash anti-join;
  // a correlated jsonb_to_recordset would expand the whole list again for every row.
  const cleared = await tx`
    with found as materialized (
      select rule, subject_key
        from jsonb_to_recordset(${tx.json(incoming.map((i) => ({ rule: i.rule, subject_key: i.subject_key })) as never)}::jsonb)
          as x(rule text, subject_key text))
    update link_findings f set cleared_at = ${now}
     where f.cleared_at is null
       and (${scopeId}::uuid is null or ${scopeId} = any (f.object_ids)
            or (${scope.kind === 'cooperative'} and f.cooperative_id = ${scopeId}))
       and not exists (select 1 from found x where x.rule = f.rule and x.subject_key = f.subject_key)`;

  return {
    stored: rows.length,
    new: rows.filter(isNew).length,
    reopenedIds: reopened.map((r) => r.id),
    cleared: cleared.count,
    needAttention: rows.filter((r) => r.status !== 'resolved').length,
  };
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
       and (${f.objectId ?? null}::uuid is null or ${f.objectId ?? null} = any (f.object_ids))
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
