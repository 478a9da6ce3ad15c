// Every API operation, in the order the OpenAPI document lists them. Each module exports its
// operations as one object (e.g. batchOps.seal): the console calls them through these typed
// references, never by path.
import type { AnyOperation } from '../op';
import { areaOps } from './areas';
import { batchOps } from './batches';
import { candidateOps } from './candidates';
import { buyerOps } from './buyers';
import { chartOps } from './charts';
import { epcisCaptureRoutes } from './epcis-capture';
import { epcisOps } from './epcis';
import { checkOps } from './checks';
import { fakeReportOps } from './fake-reports';
import { harvestOps } from './harvests';
import { keyOps } from './keys';
import { listingOps } from './listings';
import { signingKeyOps } from './keys-signing';
import { modelOps } from './models';
import { organizationOps } from './organizations';
import { photoOps } from './photos';
import { printRunOps } from './print-runs';
import { productOps } from './products';
import { recallOps } from './recalls';
import { reportOps } from './report';
import { reportRecordOps } from './report-records';
import { traceOps } from './trace';
import { userOps } from './users';
import { activityOps } from './activities';
import { courseOps } from './courses';
import { personOps, staffUnitOps } from './people';
import { programmePeopleRecordOps } from './programme-people-report';

export {
  epcisCaptureRoutes,
  areaOps,
  batchOps,
  candidateOps,
  buyerOps,
  chartOps,
  checkOps,
  epcisOps,
  fakeReportOps,
  harvestOps,
  keyOps,
  listingOps,
  modelOps,
  organizationOps,
  photoOps,
  printRunOps,
  productOps,
  recallOps,
  reportOps,
  reportRecordOps,
  signingKeyOps,
  traceOps,
  userOps,
  activityOps,
  courseOps,
  personOps,
  staffUnitOps,
  programmePeopleRecordOps,
};

export function apiOps(): AnyOperation[] {
  return [
    organizationOps,
    areaOps,
    productOps,
    listingOps,
    photoOps,
    modelOps,
    harvestOps,
    batchOps,
    recallOps,
    printRunOps,
    traceOps,
    epcisOps,
    checkOps,
    fakeReportOps,
    chartOps,
    programmePeopleRecordOps,
    reportOps,
    activityOps,
    courseOps,
    personOps,
    reportRecordOps,
    candidateOps,
    signingKeyOps,
    keyOps,
    userOps,
    staffUnitOps,
    buyerOps,
  ].flatMap((group) => Object.values(group) as AnyOperation[]);
}
