// What the UNTP credentials (DPP, DTE, DFR) and the status list share: the issuer (did:web of
// PUBLIC_BASE_URL), the credential URLs, the contexts of the UNTP release they follow, and the
// identifiers and units they are written with. Pure: no I/O.

/** The UNTP release whose JSON Schemas the DPP, DTE and DFR follow (one release for all three). */
export const UNTP_VERSION = '0.6.0';
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const UNTP_CONTEXT = {
  dpp: `https://test.uncefact.org/vocabulary/untp/dpp/${UNTP_VERSION}/`,
  dte: `https://test.uncefact.org/vocabulary/untp/dte/${UNTP_VERSION}/`,
  dfr: `https://test.uncefact.org/vocabulary/untp/dfr/${UNTP_VERSION}/`,
} as const;

/** GS1 Digital Link types a resolver offers for the credentials (untp:dpp, untp:dte). */
export const UNTP_LINK_TYPE_NAMESPACE = 'https://test.uncefact.org/vocabulary/untp/linkType#';

/** Bits in one status list: the minimum Bitstring Status List v1.0 asks for (16 KB), so a list hides who is checked. */
export const STATUS_LIST_BITS = 131_072;

export interface UntpIssuer {
  /** PUBLIC_BASE_URL without a trailing slash */
  base: string;
  /** did:web of the base URL */
  did: string;
  name: string;
}

/**
 * did:web of a base URL (W3C did:web method): the host, a port percent-encoded as %3A, and each
 * path segment after a colon. https://trace.example.vn/htx → did:web:trace.example.vn:htx.
 */
export function didWebOf(base: string): string {
  const url = new URL(base);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...segments].join(':');
}

/** Where the DID document of didWebOf(base) is fetched from, as a path on the base URL's host. */
export function didDocumentPath(base: string): string {
  const path = new URL(base).pathname.replace(/\/+$/, '');
  return path ? `${path}/did.json` : '/.well-known/did.json';
}

export function untpIssuer(base: string): UntpIssuer {
  const clean = base.replace(/\/+$/, '');
  return { base: clean, did: didWebOf(clean), name: `OCOP traceability service (${new URL(clean).host})` };
}

/** The DID URL of a key, as a credential's `kid` header and the DID document name it. */
export function verificationMethodId(issuer: UntpIssuer, kid: string): string {
  return `${issuer.did}#${kid}`;
}

export const credentialUrls = (base: string) => ({
  dpp: (batchId: string) => `${base}/passports/dpp/${batchId}`,
  dte: (batchId: string) => `${base}/passports/dte/${batchId}`,
  dfr: (areaId: string) => `${base}/passports/dfr/${areaId}`,
  statusList: (list: number) => `${base}/passports/status/${list}`,
});

/** Where a status index lives: which list, and which bit of it. */
export function statusPosition(index: number): { list: number; bit: number } {
  return { list: Math.floor(index / STATUS_LIST_BITS), bit: index % STATUS_LIST_BITS };
}

/** A party's identifier as a URI: its GLN as a GS1 Digital Link when it has one, else its id. */
export function partyUri(party: { id: string; gln: string | null }): string {
  return party.gln ? `https://id.gs1.org/414/${party.gln}` : `urn:uuid:${party.id}`;
}

/** UNECE Recommendation 20 (and 21, X-prefixed) codes for the units batches and harvest lots use. */
const REC20: Record<string, string> = {
  kg: 'KGM',
  tonne: 'TNE',
  g: 'GRM',
  litre: 'LTR',
  ml: 'MLT',
  piece: 'H87',
  bunch: 'XBH',
  box: 'XBX',
  bag: 'XBG',
  bottle: 'XBO',
  jar: 'XJR',
  pack: 'XPK',
};
export const unitCode = (unit: string) => REC20[unit] ?? 'H87';

const KG_PER: Record<string, number> = { kg: 1, tonne: 1000, g: 0.001 };
/** The mass in kilograms, or null for a unit that is not a mass (litres, pieces…). */
export const massKg = (quantity: number, unit: string) => (unit in KG_PER ? quantity * KG_PER[unit]! : null);

/** Start of a Vietnam calendar day as an RFC 3339 date-time. */
export const vietnamDayStart = (day: string) => `${day}T00:00:00+07:00`;

export interface CertificationLike {
  scheme: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

const SCHEMES: Record<string, { standard: string; topic: string; label: string }> = {
  vietgap: {
    standard: 'TCVN 11892-1:2017 Good agricultural practices (VietGAP)',
    topic: 'social.safety',
    label: 'VietGAP',
  },
  organic: { standard: 'TCVN 11041 Organic agriculture', topic: 'environment.biodiversity', label: 'Organic' },
  globalgap: { standard: 'GLOBALG.A.P. Integrated Farm Assurance', topic: 'social.safety', label: 'GLOBALG.A.P.' },
};

/** A UNTP conformity claim for an area's certification (VietGAP, organic…), with its validity. */
export function certificationClaim(id: string, c: CertificationLike, conformance: boolean, note: string) {
  const scheme = SCHEMES[c.scheme] ?? {
    standard: `${c.scheme} certification`,
    topic: 'governance.compliance',
    label: c.scheme,
  };
  return {
    type: ['Claim', 'Declaration'],
    id,
    description: `${scheme.label} certificate ${c.number} issued by ${c.issuer}, valid ${c.validFrom} to ${c.validTo}${note}`,
    referenceStandard: {
      type: ['Standard'],
      name: scheme.standard,
      issuingParty: { id: `urn:ocop-trace:certifier:${encodeURIComponent(c.issuer)}`, name: c.issuer },
    },
    assessmentDate: c.validFrom,
    conformance,
    conformityTopic: scheme.topic,
    certificateNumber: c.number,
    validFrom: c.validFrom,
    validUntil: c.validTo,
  };
}
