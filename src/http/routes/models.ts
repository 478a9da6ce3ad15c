// /models: the value-chain models the provincial programme builds (one a year). Public
// information, so every key may read them; the association (admin) manages them.
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import {
  MODEL_ROLES,
  MODEL_STATUSES,
  getModel,
  insertModel,
  listModels,
  missingIds,
  updateModel,
  type ModelInput,
} from '../../db/models-store';
import { getOrganization } from '../../db/organizations-store';
import type { Db } from '../../db/client';
import { op } from '../op';
import { code, optionalText, pageQuery, text, toPage, uuid } from '../schemas';

const modelFields = {
  slug: code(
    /^(?=.{1,80}$)[a-z0-9]+(-[a-z0-9]+)*$/,
    'at most 80 lower-case letters and digits separated by single dashes',
  ),
  name: text(300),
  yearFounded: z.number().int().min(1990).max(2100),
  description: optionalText(5000, { multiline: true }),
  leadCooperativeId: uuid,
  status: z.enum(MODEL_STATUSES).default('active'),
  members: z
    .array(z.strictObject({ organizationId: uuid, role: z.enum(MODEL_ROLES) }))
    .max(200)
    .default([]),
  areaIds: z.array(uuid).max(500).default([]),
  productIds: z.array(uuid).max(500).default([]),
};
const createModel = z.strictObject(modelFields);
const patchModel = z
  .strictObject({
    ...modelFields,
    status: modelFields.status.removeDefault(),
    members: modelFields.members.removeDefault(),
    areaIds: modelFields.areaIds.removeDefault(),
    productIds: modelFields.productIds.removeDefault(),
  })
  .partial();

async function checkLinks(db: Db, m: Partial<ModelInput>) {
  const problems: { path: string; message: string }[] = [];
  if (m.leadCooperativeId) {
    const lead = await getOrganization(db, m.leadCooperativeId);
    if (!lead) problems.push({ path: 'body.leadCooperativeId', message: 'no organization has this id' });
    else if (lead.kind === 'association_unit')
      problems.push({ path: 'body.leadCooperativeId', message: 'the lead must be a cooperative, group or enterprise' });
  }
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  for (const id of await missingIds(db, 'organizations', unique((m.members ?? []).map((x) => x.organizationId)))) {
    problems.push({ path: 'body.members', message: `no organization has the id ${id}` });
  }
  for (const id of await missingIds(db, 'raw_material_areas', unique(m.areaIds ?? []))) {
    problems.push({ path: 'body.areaIds', message: `no area has the id ${id}` });
  }
  for (const id of await missingIds(db, 'products', unique(m.productIds ?? []))) {
    problems.push({ path: 'body.productIds', message: `no product has the id ${id}` });
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', 'The value-chain model is not valid', problems);
}

const dedupe = (m: Partial<ModelInput>): Partial<ModelInput> => ({
  ...m,
  ...(m.members && { members: [...new Map(m.members.map((x) => [`${x.organizationId}/${x.role}`, x])).values()] }),
  ...(m.areaIds && { areaIds: [...new Set(m.areaIds)] }),
  ...(m.productIds && { productIds: [...new Set(m.productIds)] }),
});

export const modelOps = {
  create: op({
    method: 'post',
    path: '/models',
    tag: 'Value-chain models',
    summary: 'Create a value-chain model',
    roles: ['admin'],
    body: createModel,
    idempotent: true,
    async handler({ db, body, audit }) {
      await checkLinks(db, body);
      const model = await insertModel(db, dedupe({ ...body, description: body.description ?? null }) as ModelInput);
      await audit({ action: 'create', entity: 'value_chain_model', entityId: model.id, after: model });
      return model;
    },
  }),
  list: op({
    method: 'get',
    path: '/models',
    tag: 'Value-chain models',
    summary: 'List value-chain models',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({ status: z.enum(MODEL_STATUSES).optional(), memberId: uuid.optional(), ...pageQuery }),
    async handler({ db, query }) {
      const rows = await listModels(db, { ...query, after: query.cursor ? Number(query.cursor) : 0 });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/models/:id',
    tag: 'Value-chain models',
    summary: 'Get a value-chain model with its members, areas and products',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params }) {
      const m = await getModel(db, params.id!);
      if (!m) throw notFound('Model', params.id);
      return m;
    },
  }),
  update: op({
    method: 'patch',
    path: '/models/:id',
    tag: 'Value-chain models',
    summary: 'Change a value-chain model',
    description: 'Sending members, areaIds or productIds replaces that whole list.',
    roles: ['admin'],
    body: patchModel,
    async handler({ db, params, body, audit, now }) {
      const before = await getModel(db, params.id!, { forUpdate: true });
      if (!before) throw notFound('Model', params.id);
      await checkLinks(db, body);
      const after = await updateModel(db, before.id, dedupe(body), now);
      await audit({ action: 'update', entity: 'value_chain_model', entityId: before.id, before, after });
      return after;
    },
  }),
};
