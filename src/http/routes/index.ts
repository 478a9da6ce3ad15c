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

export function apiOps(): OpSpec[] {
  return [...organizationOps, ...areaOps, ...productOps, ...modelOps, ...harvestOps, ...batchOps, ...recallOps, ...printRunOps, ...traceOps, ...checkOps, ...fakeReportOps, ...reportOps, ...signingKeyOps, ...keyOps];
}
