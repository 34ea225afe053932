/**
 * The typed interface through which the LMIS reads and writes its facilities and geographic zones,
 * which exist only as FHIR Locations. Writes go through the versioned store (history, search
 * indexes, the location directory, ownership checks); lists read the location directory joined to
 * the current versions, so a page of facilities costs one query whatever the filter.
 */
import crypto from 'node:crypto';
import type { Location } from '@medplum/fhirtypes';
import { conflict } from '../outcomes.js';
import { LASTMILE_OWNER, type ResourceStore, type StoredResource } from '../store/resource-store.js';
import type { Queryable, WriteSession } from '../store/session.js';
import { CODE_SYSTEMS } from './lastmile-terms.js';
import { facilityToLocation, locationToFacility } from './facility-location.js';
import type { FacilityRecord, FacilityRecordInput, ZoneRecord, ZoneRecordInput } from './location-records.js';
import { locationToZone, zoneToLocation } from './zone-location.js';
import { escapeLike } from '../search/sql.js';

export interface LocationFilter {
  code?: string;
  /** Part of the name, any case. */
  name?: string;
  ids?: string[];
  /** Facilities in this zone; with `recurse`, in any zone below it too. Zones: children of it. */
  zoneId?: string;
  recurse?: boolean;
  /** A facility type code or a geographic level code. */
  classificationCode?: string;
}

export interface LocationPage {
  offset: number;
  limit: number;
  sort: Array<{ field: 'code' | 'name'; direction: 'ASC' | 'DESC' }>;
}

export interface WriteControl {
  /** The version the writer read; a stale one fails with 412 (FhirError). */
  ifMatch?: number;
  /** Writes inside a caller's session (an import); otherwise in a transaction of its own. */
  session?: WriteSession;
}

type Kind = 'facility' | 'jurisdiction';

export class LocationRegistry {
  constructor(private readonly store: ResourceStore) {}

  transaction<T>(work: (session: WriteSession) => Promise<T>): Promise<T> {
    return this.store.transaction(work);
  }

  getFacility(id: string, db?: Queryable): Promise<FacilityRecord | undefined> {
    return this.getOne('facility', id, db, locationToFacility);
  }

  getZone(id: string, db?: Queryable): Promise<ZoneRecord | undefined> {
    return this.getOne('jurisdiction', id, db, locationToZone);
  }

  /** The id of the live Location with our code `code`, whatever its kind. */
  async idOfCode(code: string, db: Queryable = this.store.pool): Promise<{ id: string; kind: string } | undefined> {
    const { rows } = await db.query('SELECT id, kind FROM fhir_location_directory WHERE code = $1', [code]);
    return rows[0];
  }

  async listFacilities(filter: LocationFilter, page: LocationPage): Promise<{ records: FacilityRecord[]; total: number }> {
    const { rows, total } = await this.list('facility', CODE_SYSTEMS.facilityType, filter, page);
    return { records: rows.map(([location, stored]) => locationToFacility(location, stored)), total };
  }

  async listZones(filter: LocationFilter, page: LocationPage): Promise<{ records: ZoneRecord[]; total: number }> {
    const { rows, total } = await this.list('jurisdiction', CODE_SYSTEMS.geographicLevel, filter, page);
    return { records: rows.map(([location, stored]) => locationToZone(location, stored)), total };
  }

  async saveFacility(input: FacilityRecordInput, control: WriteControl = {}): Promise<FacilityRecord> {
    return this.save('facility', input, control, facilityToLocation, locationToFacility);
  }

  async saveZone(input: ZoneRecordInput, control: WriteControl = {}): Promise<ZoneRecord> {
    return this.save('jurisdiction', input, control, zoneToLocation, locationToZone);
  }

  /**
   * Writes many facilities (or zones) in one session with a fixed number of statements: the bulk
   * path of CSV imports. Each input has its id (new ones a fresh UUID); existing Locations are
   * merged as single saves merge them. Callers check ownership first (see `owners`).
   */
  async saveFacilities(inputs: Array<FacilityRecordInput & { id: string }>, session: WriteSession): Promise<void> {
    await this.saveMany('facility', inputs, session, facilityToLocation);
  }

  async saveZones(inputs: Array<ZoneRecordInput & { id: string }>, session: WriteSession): Promise<void> {
    await this.saveMany('jurisdiction', inputs, session, zoneToLocation);
  }

  /** Every live Location with our code: its id, kind and owning registry, for imports to check against in memory. */
  async codes(db: Queryable = this.store.pool): Promise<Map<string, { id: string; kind: string; owner: string; name: string; classification?: string }>> {
    const { rows } = await db.query(`SELECT code, id, kind, owner, name, type_codes FROM fhir_location_directory WHERE code IS NOT NULL`);
    return new Map(rows.map((row) => [row.code, { id: row.id, kind: row.kind, owner: row.owner, name: row.name, classification: classificationOf(row.type_codes) }]));
  }

  private async saveMany<I extends { id: string }>(kind: Kind, inputs: I[], session: WriteSession, toLocation: (input: I, existing?: Location) => Location & { id: string }): Promise<void> {
    if (inputs.length === 0) return;
    const { rows } = await session.db.query(
      `SELECT r.id, r.content, d.kind FROM fhir_resource r LEFT JOIN fhir_location_directory d ON d.id = r.id
        WHERE r.resource_type = 'Location' AND r.id = ANY($1::text[]) AND NOT r.deleted`,
      [inputs.map((input) => input.id)],
    );
    const existing = new Map<string, Location>();
    for (const row of rows) {
      if (row.kind !== kind) throw conflict(`Location/${row.id} is not a ${kind}`);
      existing.set(row.id, JSON.parse(row.content));
    }
    const requests = inputs.map((input) => ({ resource: toLocation(input, existing.get(input.id)), method: 'PUT' as const }));
    await this.store.putMany(requests, LASTMILE_OWNER, session);
  }

  private async getOne<R>(kind: Kind, id: string, db: Queryable | undefined, convert: (l: Location, s: Meta) => R): Promise<R | undefined> {
    const { rows } = await (db ?? this.store.pool).query(
      `SELECT r.id, r.version, r.last_updated, r.owner, r.content FROM fhir_location_directory d
         JOIN fhir_resource r ON r.resource_type = 'Location' AND r.id = d.id
        WHERE d.id = $1 AND d.kind = $2`,
      [id, kind],
    );
    return rows[0] ? convert(JSON.parse(rows[0].content), meta(rows[0])) : undefined;
  }

  private async save<I extends { id?: string }, R>(
    kind: Kind,
    input: I,
    control: WriteControl,
    toLocation: (input: I & { id: string }, existing?: Location) => Location & { id: string },
    fromLocation: (location: Location, stored: Meta) => R,
  ): Promise<R> {
    const write = async (session: WriteSession) => {
      const existing = input.id ? await this.existing(kind, input.id, session) : undefined;
      const location = toLocation({ ...input, id: input.id ?? crypto.randomUUID() }, existing);
      const [result] = await this.store.putMany([{ resource: location, method: input.id ? 'PUT' : 'POST', ifMatch: control.ifMatch }], LASTMILE_OWNER, session);
      return fromLocation(location, storedMeta(result.stored));
    };
    return control.session ? write(control.session) : this.store.transaction(write);
  }

  /** The live Location being edited, if any; one of another kind (a zone saved as a facility) is a conflict. */
  private async existing(kind: Kind, id: string, session: WriteSession): Promise<Location | undefined> {
    const { rows } = await session.db.query(
      `SELECT r.content, d.kind FROM fhir_resource r LEFT JOIN fhir_location_directory d ON d.id = r.id
        WHERE r.resource_type = 'Location' AND r.id = $1 AND NOT r.deleted`,
      [id],
    );
    if (!rows[0]) return undefined;
    if (rows[0].kind !== kind) throw conflict(`Location/${id} is not a ${kind}`);
    return JSON.parse(rows[0].content) as Location;
  }

  private async list(kind: Kind, system: string, filter: LocationFilter, page: LocationPage) {
    const params: unknown[] = [kind];
    const where = ['d.kind = $1'];
    if (filter.code !== undefined) where.push(`d.code = $${params.push(filter.code)}`);
    if (filter.name !== undefined) where.push(`d.name ILIKE '%' || $${params.push(escapeLike(filter.name))} || '%'`);
    if (filter.ids !== undefined) where.push(`d.id = ANY($${params.push(filter.ids)}::text[])`);
    if (filter.zoneId !== undefined) {
      const zone = params.push(filter.zoneId);
      where.push(filter.recurse ? `d.path @> ARRAY[$${zone}::text] AND d.id <> $${zone}` : `d.parent_id = $${zone}`);
    }
    if (filter.classificationCode !== undefined) where.push(`d.type_codes @> ARRAY[$${params.push(`${system}|${filter.classificationCode}`)}::text]`);
    const order = [...page.sort.map((s) => `d.${s.field} ${s.direction}`), 'd.id'].join(', ');
    const db = this.store.pool;
    const [{ rows }, count] = await Promise.all([
      db.query(
        `SELECT r.id, r.version, r.last_updated, r.owner, r.content FROM fhir_location_directory d
           JOIN fhir_resource r ON r.resource_type = 'Location' AND r.id = d.id
          WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}`,
        params,
      ),
      db.query(`SELECT count(*)::int AS total FROM fhir_location_directory d WHERE ${where.join(' AND ')}`, params.slice(0, -2)),
    ]);
    return { rows: rows.map((row): [Location, Meta] => [JSON.parse(row.content), meta(row)]), total: count.rows[0].total as number };
  }
}

type Meta = { id: string; version: number; lastUpdated: string; owner: string };

function meta(row: { id: string; version: number; last_updated: Date; owner: string }): Meta {
  return { id: row.id, version: row.version, lastUpdated: row.last_updated.toISOString(), owner: row.owner };
}

function storedMeta(stored: StoredResource): Meta {
  return { id: stored.id, version: stored.version, lastUpdated: stored.lastUpdated.toISOString(), owner: stored.owner };
}

/** The classification code (facility type or level) among a Location's type codes. */
function classificationOf(typeCodes: string[]): string | undefined {
  const systems = [CODE_SYSTEMS.facilityType, CODE_SYSTEMS.geographicLevel];
  const found = typeCodes.find((code) => systems.some((system) => code.startsWith(`${system}|`)));
  return found?.slice(found.indexOf('|') + 1);
}
