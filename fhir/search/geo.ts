/**
 * Location `near`: a bounding box first (so the (latitude, longitude) index narrows the rows),
 * then the great-circle (haversine) distance in SQL.
 */
import type { SqlParams } from './sql.js';

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface Near {
  latitude: number;
  longitude: number;
  distanceKm: number;
}

/** The condition on fhir_position row `x` for a position within the distance. */
export function nearSql(near: Near, p: SqlParams): string {
  const { latitude, longitude, distanceKm } = near;
  const dLat = distanceKm / KM_PER_DEGREE;
  const conditions = [`x.latitude BETWEEN ${p.add(latitude - dLat)} AND ${p.add(latitude + dLat)}`];
  // The longitude span widens towards the poles; near a pole or across the antimeridian the
  // latitude band alone bounds the box.
  const cosLat = Math.cos((latitude * Math.PI) / 180);
  const dLng = cosLat > 1e-6 ? dLat / cosLat : Infinity;
  if (Math.abs(latitude) + dLat < 90 && longitude - dLng >= -180 && longitude + dLng <= 180) {
    conditions.push(`x.longitude BETWEEN ${p.add(longitude - dLng)} AND ${p.add(longitude + dLng)}`);
  }
  const lat = p.add(latitude);
  const lng = p.add(longitude);
  const haversine =
    `power(sin(radians(x.latitude - ${lat}::float8) / 2), 2) + ` +
    `cos(radians(${lat}::float8)) * cos(radians(x.latitude)) * power(sin(radians(x.longitude - ${lng}::float8) / 2), 2)`;
  conditions.push(`2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(${haversine}))) <= ${p.add(distanceKm)}`);
  return conditions.join(' AND ');
}
