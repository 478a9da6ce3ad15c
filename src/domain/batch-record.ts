// The signed batch record: one JSON document holding everything a sealed batch claims, built
// from database rows by the store and signed as RFC 8785 canonical JSON. Verification rebuilds
// it from the live rows and compares, so this shape is the contract between the two.
import type { AreaLocation } from './geo';
import type { OcopRating } from './ocop';

export const RECORD_TYPE = 'ocop-trace/batch-record';
export const RECORD_VERSION = 1;
export const NO_VALID_OCOP_RATING = 'no valid OCOP rating';

export interface RecordCertification {
  scheme: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface TestResult {
  name: string;
  value: string;
  unit?: string | null;
  lab?: string | null;
  date?: string | null;
}

export interface BatchRecord {
  type: typeof RECORD_TYPE;
  version: typeof RECORD_VERSION;
  batch: {
    id: string;
    version: number;
    supersedes: { id: string; reason: string } | null;
    lotCode: string;
    productionDate: string;
    packingDate: string | null;
    expiryDate: string | null;
    quantity: number;
    unit: string;
    standards: string[];
    testResults: TestResult[];
    carriesOcop: boolean;
    modelId: string | null;
  };
  product: { id: string; gtin: string; nameVi: string; nameEn: string | null; ocopGroup: number };
  ocop:
    | { status: 'valid'; rating: Omit<OcopRating, 'validUntil'> & { validUntil: string } }
    | { status: typeof NO_VALID_OCOP_RATING; rating: null };
  cooperative: {
    id: string;
    name: string;
    address: string | null;
    province: string;
    commune: string | null;
    gln: string | null;
  };
  inputs: {
    quantityUsed: number;
    harvestLot: {
      id: string;
      code: string;
      harvestedOn: string;
      quantity: number;
      unit: string;
      certifications: RecordCertification[];
    };
    area: {
      id: string;
      code: string;
      name: string;
      province: string;
      commune: string | null;
      areaHa: number;
      location: AreaLocation;
    };
  }[];
  events: {
    id: string;
    type: string;
    occurredAt: string;
    place: { kind: 'organization' | 'area'; id: string; name: string };
    productCode: string;
    locationCode: string;
    recordedBy: string;
    details: string | null;
  }[];
  sealedAt: string;
  sealedBy: { keyId: string | null; name: string; role: string };
}

/** Who sealed (or recalled) a record: the key or console user that acted, and its role. */
export type Sealer = BatchRecord['sealedBy'];

/** Paths (like `inputs[0].harvestLot.quantity`) where two JSON values differ. */
export function differingPaths(signed: unknown, live: unknown, path = ''): string[] {
  if (Object.is(signed, live)) return [];
  if (Array.isArray(signed) && Array.isArray(live)) {
    const out: string[] = [];
    const n = Math.max(signed.length, live.length);
    for (let i = 0; i < n; i++) out.push(...differingPaths(signed[i], live[i], `${path}[${i}]`));
    return out;
  }
  if (
    signed &&
    live &&
    typeof signed === 'object' &&
    typeof live === 'object' &&
    !Array.isArray(signed) &&
    !Array.isArray(live)
  ) {
    const keys = new Set([...Object.keys(signed), ...Object.keys(live)]);
    const out: string[] = [];
    for (const k of [...keys].sort()) {
      out.push(
        ...differingPaths(
          (signed as Record<string, unknown>)[k],
          (live as Record<string, unknown>)[k],
          path ? `${path}.${k}` : k,
        ),
      );
    }
    return out;
  }
  return [path || '(root)'];
}
