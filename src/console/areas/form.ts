// The area form and the /areas operations' body: an area's values for editing, and the posted
// form read into the body with the API's error paths mapped back to the form's fields.
import type { Area, Certification } from '../../db/areas-store';
import type { AppError } from '../../errors';
import type { areaOps } from '../../http/routes';
import type { Lang } from '../../pages/i18n';
import { errorText, field, list, num, operatorErrors, opt, renameErrors, values, type FieldErrors } from '../form';
import type { BodyOf } from '../ops';
import { AREA_TEXTS } from '../texts/areas';

export const AREA_FIELDS = [
  'code',
  'name',
  'province',
  'commune',
  'lat',
  'lon',
  'geojson',
  'areaHa',
  'crops',
  'households',
  'plantingAreaCode',
] as const;
const CERT_FIELDS = ['scheme', 'number', 'issuer', 'validFrom', 'validTo'] as const;
const MAX_CERT_ROWS = 50;

export type AreaValues = Record<string, string>;
export type CertRow = Record<(typeof CERT_FIELDS)[number], string>;
type AreaBody = Omit<BodyOf<typeof areaOps.create>, 'operatorId'>;

/** The form's values for an existing area (a Point as latitude/longitude, anything else as GeoJSON). */
export function areaValues(a: Area): { values: AreaValues; certs: CertRow[] } {
  const loc = a.location;
  const point = loc.type === 'Point' && loc.coordinates.length === 2 ? loc.coordinates : null;
  return {
    values: {
      code: a.code,
      name: a.name,
      province: a.province,
      commune: a.commune ?? '',
      lat: point ? String(point[1]) : '',
      lon: point ? String(point[0]) : '',
      geojson: point ? '' : JSON.stringify(loc),
      areaHa: String(a.areaHa),
      crops: a.crops.join(', '),
      households: String(a.households),
      plantingAreaCode: a.plantingAreaCode ?? '',
    },
    certs: a.certifications.map((c) => ({
      scheme: c.scheme,
      number: c.number,
      issuer: c.issuer,
      validFrom: c.validFrom,
      validTo: c.validTo,
    })),
  };
}

/** The certification rows as typed, and those filled in as the body's list (with the row each came from). */
function readCertifications(form: FormData) {
  const rows = Math.min(MAX_CERT_ROWS, Math.max(0, Number(field(form, 'certRows')) || 0));
  const certs: CertRow[] = [];
  for (let i = 0; i < rows; i++) {
    certs.push(Object.fromEntries(CERT_FIELDS.map((f) => [f, field(form, `certifications.${i}.${f}`)])) as CertRow);
  }
  const rowOf: number[] = [];
  const certifications = certs.flatMap((row, i) => {
    if (!CERT_FIELDS.some((f) => row[f].trim())) return [];
    rowOf.push(i);
    // The scheme as posted: one the API does not know is its schema's to refuse, beside the field.
    const scheme = row.scheme as Certification['scheme'];
    return [{ scheme, number: row.number, issuer: row.issuer, validFrom: row.validFrom, validTo: row.validTo }];
  });
  return { certs, certifications, rowOf };
}

/** Reads the area form into the API body; problems only the page can see (unreadable GeoJSON) come back as `pre`. */
export function readAreaForm(form: FormData, lang: Lang) {
  const t = AREA_TEXTS[lang];
  const v = values(form, AREA_FIELDS);
  const { certs, certifications, rowOf } = readCertifications(form);
  const pre: FieldErrors = {};
  let location: unknown;
  if (v.geojson.trim()) {
    try {
      location = JSON.parse(v.geojson);
    } catch {
      pre.geojson = t.geojsonBad;
    }
  } else if (v.lat.trim() || v.lon.trim()) {
    location = { type: 'Point', coordinates: [num(v.lon), num(v.lat)] };
  }
  const body: AreaBody = {
    code: v.code,
    name: v.name,
    province: v.province,
    commune: opt(v.commune) ?? null,
    // Parsed from what was typed but not checked (or absent): the API's schema refuses it beside the field.
    location: location as AreaBody['location'],
    // '' is undefined and nonsense NaN (see num): the API's schema refuses either beside the field.
    areaHa: num(v.areaHa) as number,
    crops: list(v.crops),
    households: num(v.households) ?? 0,
    plantingAreaCode: opt(v.plantingAreaCode) ?? null,
    certifications,
  };
  const rename = (k: string) => {
    if (k.startsWith('location')) {
      if (v.geojson.trim()) return 'geojson';
      if (k === 'location.coordinates.0') return 'lon';
      if (k === 'location.coordinates.1') return 'lat';
      return 'location';
    }
    const m = /^certifications\.(\d+)(\..*)?$/.exec(k);
    if (m) return `certifications.${rowOf[Number(m[1])] ?? 0}${m[2] ?? ''}`;
    return undefined;
  };
  const noLocation = location === undefined && !pre.geojson;
  /** The operation's refusal as messages beside this form's fields. */
  const errors = (err: AppError): FieldErrors => {
    if (err.code === 'DUPLICATE') return { code: errorText(err, lang) };
    const e = renameErrors(operatorErrors(err, lang), rename);
    if (noLocation && e.location) e.location = t.locationMissing;
    return e;
  };
  return { v, certs, body, pre, errors };
}
