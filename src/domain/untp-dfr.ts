// The UNTP Digital Facility Record (DFR) of a raw-material area: where it is (a point and, when
// mapped, its polygon), its hectares, crops, households, planting-area code, certifications with
// their validity, and its operator. Pure: no I/O.
import type { AreaLocation } from './geo';
import {
  UNTP_CONTEXT,
  VC_CONTEXT,
  certificationClaim,
  credentialUrls,
  partyUri,
  type CertificationLike,
  type UntpIssuer,
} from './untp-common';

export interface DfrArea {
  id: string;
  code: string;
  name: string;
  province: string;
  commune: string | null;
  location: AreaLocation;
  areaHa: number;
  crops: string[];
  households: number;
  plantingAreaCode: string | null;
  certifications: CertificationLike[];
  /** when the area's record last changed: the credential is valid from then */
  updatedAt: string;
  operator: { id: string; name: string; gln: string | null };
}

/** A representative point: the point itself, or the mean of a polygon's outer ring (closing vertex left out). */
export function representativePoint(location: AreaLocation): [number, number] {
  if (location.type === 'Point') return [location.coordinates[0], location.coordinates[1]];
  const ring = location.coordinates[0] ?? [];
  const open = ring.length > 1 ? ring.slice(0, -1) : ring;
  const n = open.length || 1;
  const lon = open.reduce((s, p) => s + p[0], 0) / n;
  const lat = open.reduce((s, p) => s + p[1], 0) / n;
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

export function buildDfr({ area, issuer, today }: { area: DfrArea; issuer: UntpIssuer; today: string }) {
  const id = credentialUrls(issuer.base).dfr(area.id);
  const details = [
    `${area.areaHa} ha`,
    area.crops.length ? `crops: ${area.crops.join(', ')}` : null,
    `${area.households} households`,
  ].filter(Boolean);
  return {
    '@context': [VC_CONTEXT, UNTP_CONTEXT.dfr],
    type: ['DigitalFacilityRecord', 'VerifiableCredential'],
    id,
    issuer: { type: ['CredentialIssuer'], id: issuer.did, name: issuer.name },
    validFrom: area.updatedAt,
    credentialSubject: {
      type: ['FacilityRecord'],
      id,
      facility: {
        type: ['Facility'],
        id,
        name: area.name,
        registeredId: area.plantingAreaCode ?? area.code,
        ...(area.plantingAreaCode
          ? {
              idScheme: {
                type: ['IdentifierScheme'],
                id: 'https://www.ppd.gov.vn/',
                name: 'Mã số vùng trồng (planting-area code, Plant Protection Department of Viet Nam)',
              },
            }
          : {}),
        description: `Raw-material area (vùng nguyên liệu) ${area.code}: ${details.join(', ')}`,
        countryOfOperation: 'VN',
        processCategory: [
          {
            type: ['Classification'],
            id: 'https://unstats.un.org/unsd/classifications/Econ/isic/01',
            code: '01',
            name: 'Crop and animal production, hunting and related service activities',
            schemeID: 'https://unstats.un.org/unsd/classifications/Econ/isic',
            schemeName: 'ISIC Rev.4',
          },
        ],
        operatedByParty: {
          id: partyUri(area.operator),
          name: area.operator.name,
          ...(area.operator.gln ? { registeredId: area.operator.gln } : {}),
        },
        facilityAlsoKnownAs: [{ id: `urn:uuid:${area.id}`, name: area.name, registeredId: area.code }],
        locationInformation: {
          type: ['Location'],
          geoLocation: { type: 'Point', coordinates: representativePoint(area.location) },
          ...(area.location.type === 'Polygon'
            ? { geoBoundary: { type: 'Polygon', coordinates: area.location.coordinates } }
            : {}),
        },
        address: {
          type: ['Address'],
          ...(area.commune ? { addressLocality: area.commune } : {}),
          addressRegion: area.province,
          addressCountry: 'VN',
        },
        areaHectares: area.areaHa,
        crops: area.crops,
        households: area.households,
        ...(area.plantingAreaCode ? { plantingAreaCode: area.plantingAreaCode } : {}),
      },
      conformityClaim: area.certifications.map((c, n) =>
        certificationClaim(
          `${id}#certification-${n + 1}`,
          c,
          c.validFrom <= today && today <= c.validTo,
          c.validFrom <= today && today <= c.validTo ? '' : ' (not valid today)',
        ),
      ),
    },
  };
}
