// Every API operation, in the order the OpenAPI document lists them.
import type { OpSpec } from '../op';
import { areaOps } from './areas';
import { fakeReportOps } from './fake-reports';
import { batchOps } from './batches';
import { checkOps } from './checks';
import { harvestOps } from './harvests';
import { signingKeyOps } from './keys-signing';
import { keyOps } from './keys';
import { modelOps } from './models';
import { organizationOps } from './organizations';
import { printRunOps } from './print-runs';
import { productOps } from './products';
import { recallOps } from './recalls';
import { reportOps } from './report';
import { traceOps } from './trace';
import { userOps } from './users';

export function apiOps(): OpSpec[] {
  return [...organizationOps, ...areaOps, ...productOps, ...modelOps, ...harvestOps, ...batchOps, ...recallOps, ...printRunOps, ...traceOps, ...checkOps, ...fakeReportOps, ...reportOps, ...signingKeyOps, ...keyOps, ...userOps];
}

let byRoute: Map<string, OpSpec> | undefined;

/**
 * The operation declared with this method and path pattern (below /api/v1, e.g. 'post',
 * '/batches/:id/seal'), for console pages that run it with runOp. A typo is a programmer
 * mistake: TypeError.
 */
export function findOp(method: OpSpec['method'] | Uppercase<OpSpec['method']>, path: string): OpSpec {
  byRoute ??= new Map(apiOps().map((o) => [`${o.method} ${o.path}`, o]));
  const spec = byRoute.get(`${method.toLowerCase()} ${path}`);
  if (!spec) throw new TypeError(`no API operation ${method.toUpperCase()} ${path}`);
  return spec;
}
