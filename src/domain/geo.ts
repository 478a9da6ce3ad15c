// GeoJSON Point and Polygon checks for raw-material areas (RFC 7946): positions are
// [longitude, latitude] within range, polygon rings are closed and have at least four positions.

export type Position = [number, number, ...number[]];
export type GeoPoint = { type: 'Point'; coordinates: Position };
export type GeoPolygon = { type: 'Polygon'; coordinates: Position[][] };
export type AreaLocation = GeoPoint | GeoPolygon;

export interface GeoProblem {
  path: (string | number)[];
  message: string;
}

function positionProblems(p: readonly number[], path: (string | number)[]): GeoProblem[] {
  const out: GeoProblem[] = [];
  const [lon, lat] = p as [number, number];
  if (!(lon >= -180 && lon <= 180)) out.push({ path: [...path, 0], message: `longitude ${lon} is outside -180…180` });
  if (!(lat >= -90 && lat <= 90)) out.push({ path: [...path, 1], message: `latitude ${lat} is outside -90…90` });
  return out;
}

export function locationProblems(loc: AreaLocation): GeoProblem[] {
  if (loc.type === 'Point') return positionProblems(loc.coordinates, ['coordinates']);
  const out: GeoProblem[] = [];
  loc.coordinates.forEach((ring, r) => {
    if (ring.length < 4) {
      out.push({ path: ['coordinates', r], message: 'a polygon ring needs at least four positions' });
    }
    for (const [i, p] of ring.entries()) out.push(...positionProblems(p, ['coordinates', r, i]));
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      out.push({
        path: ['coordinates', r],
        message: 'a polygon ring must be closed (last position equal to the first)',
      });
    }
  });
  return out;
}

/** A representative point for maps: the point itself, or the mean of the outer ring's vertices. */
export function representativePoint(loc: AreaLocation): [number, number] {
  if (loc.type === 'Point') return [loc.coordinates[0], loc.coordinates[1]];
  const ring = loc.coordinates[0] ?? [];
  const vertices = ring.slice(0, -1);
  const n = vertices.length || 1;
  const lon = vertices.reduce((s, p) => s + p[0], 0) / n;
  const lat = vertices.reduce((s, p) => s + p[1], 0) / n;
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
