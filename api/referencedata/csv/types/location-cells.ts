/** Small helpers the zone, facility and facility-program files share. */
import type { LocationPage } from '../../../../fhir/index.js';

/** Every row, in code order, for exports. */
export const EXPORT_ALL: LocationPage = { offset: 0, limit: 1_000_000, sort: [{ field: 'code', direction: 'ASC' }] };

/** Drops undefined members, so the ajv schema's defaults apply to blank cells. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Zones ordered parents first, so an exported file imports in one pass. */
export function parentsFirst<T extends { id: string; parentId?: string }>(zones: T[]): T[] {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const depth = (z: T, seen = 0): number => (z.parentId && byId.has(z.parentId) && seen < 64 ? 1 + depth(byId.get(z.parentId)!, seen + 1) : 0);
  return [...zones].sort((a, b) => depth(a) - depth(b));
}
