// Every link-check rule, in the order findings are listed. Add a rule here and in test/checks/.
import type { CheckRule } from '../rule';
import { areaNotLinked } from './area-not-linked';
import { contractNotConfirmed } from './contract-not-confirmed';
import { certificationNotHeld } from './certification-not-held';
import { yieldRatio } from './yield-ratio';
import { areaYieldCeiling } from './area-yield-ceiling';
import { ocopStarsLapsed } from './ocop-stars-lapsed';
import { modelAreaNotIncluded } from './model-area-not-included';
import { modelWithoutArea } from './model-without-area';
import { scanOutlier } from './scan-outlier';
import { unknownSerialRun } from './unknown-serial-run';
import { stampOnOtherProduct } from './stamp-on-other-product';
import { fakeReported } from './fake-reported';
import { harvestLotUnused } from './harvest-lot-unused';
import { stampCountMismatch } from './stamp-count-mismatch';

export const RULES: readonly CheckRule[] = [
  areaNotLinked,
  contractNotConfirmed,
  certificationNotHeld,
  yieldRatio,
  areaYieldCeiling,
  ocopStarsLapsed,
  modelAreaNotIncluded,
  modelWithoutArea,
  scanOutlier,
  unknownSerialRun,
  stampOnOtherProduct,
  fakeReported,
  harvestLotUnused,
  stampCountMismatch,
];
