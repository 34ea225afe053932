/**
 * Geographic zones, kept as mCSD Jurisdiction Locations in the FHIR layer (one copy, no table of
 * our own). The guide's rules live in zone-rules.ts; this service adds a unique code and
 * optimistic locking. A zone owned by an external registry is read-only here (409 naming the owner).
 */
import type { LocationRegistry, WriteSession, ZoneRecord } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { loadClassifications, type Classifications } from '../locations/classifications.js';
import { translatingFhirErrors } from '../locations/location-errors.js';
import type { Repositories } from '../shared/context.js';
import type { GeographicZoneInput } from './geographic-zone.schema.js';
import { zoneView, type GeographicZoneView } from './geographic-zone.view.js';
import { zoneError, zoneRecord, type ZoneLookups } from './zone-rules.js';

export interface ZoneFilter {
  code?: string;
  name?: string;
  parentId?: string;
  levelCode?: string;
}


export class GeographicZoneService {
  constructor(
    private readonly db: Repositories,
    private readonly locations: LocationRegistry,
  ) {}

  async list(filter: ZoneFilter, paging: PageRequest): Promise<Page<GeographicZoneView>> {
    const classifications = await loadClassifications(this.db);
    const { records, total } = await this.locations.listZones(
      { code: filter.code, name: filter.name, zoneId: filter.parentId, classificationCode: filter.levelCode },
      { offset: paging.page * paging.size, limit: paging.size, sort: paging.sort as never },
    );
    return toPage(records.map((r) => zoneView(r, classifications)), total, paging);
  }

  async get(id: string): Promise<GeographicZoneView> {
    const record = await this.locations.getZone(id);
    if (!record) throw this.notFound(id);
    return zoneView(record, await loadClassifications(this.db));
  }

  notFound(id: string): ApiError {
    return zoneError(404, 'notFound', `Geographic zone ${id} does not exist`);
  }

  async create(input: GeographicZoneInput, session?: WriteSession): Promise<GeographicZoneView> {
    return this.save(undefined, input, undefined, session);
  }

  async update(id: string, input: GeographicZoneInput, expectedVersion?: number, session?: WriteSession): Promise<GeographicZoneView> {
    if (!(await this.locations.getZone(id, session?.db))) throw this.notFound(id);
    return this.save(id, input, expectedVersion, session);
  }

  /** Creates, or updates the zone with this code (CSV re-import). */
  async upsertByCode(input: GeographicZoneInput, session?: WriteSession): Promise<GeographicZoneView> {
    const existing = await this.locations.idOfCode(input.code, session?.db);
    return existing?.kind === 'jurisdiction' ? this.update(existing.id, input, undefined, session) : this.create(input, session);
  }

  private async save(id: string | undefined, input: GeographicZoneInput, expectedVersion: number | undefined, session?: WriteSession): Promise<GeographicZoneView> {
    const classifications = await loadClassifications(this.db);
    const record = await zoneRecord(id, input, this.lookups(classifications, session));
    await this.checkCodeFree(input.code, id, session);
    const saved: ZoneRecord = await translatingFhirErrors('geographicZone', 'geographic zone', () => this.locations.saveZone(record, { ifMatch: expectedVersion, session }));
    return zoneView(saved, classifications);
  }

  /** The REST path's lookups: the parent zone, read from the FHIR layer (inside the caller's session, if any). */
  private lookups(classifications: Classifications, session?: WriteSession): ZoneLookups {
    return {
      classifications,
      zoneOf: async (ref) => {
        const zoneId = ref.id ?? (await this.locations.idOfCode(ref.code!, session?.db))?.id;
        const zone = zoneId ? await this.locations.getZone(zoneId, session?.db) : undefined;
        return zone ? { id: zone.id, name: zone.name, levelCode: zone.level?.code } : undefined;
      },
    };
  }

  private async checkCodeFree(code: string, id: string | undefined, session?: WriteSession): Promise<void> {
    const holder = await this.locations.idOfCode(code, session?.db);
    if (holder && holder.id !== id) throw zoneError(409, 'code.duplicated', `The code "${code}" is already used by Location/${holder.id}`, 'code');
  }
}
