/**
 * Facilities, kept as mCSD Facility Locations in the FHIR layer: there is exactly one copy of a
 * facility, and /fhir/Location serves it to the HIE. The guide's rules live in facility-rules.ts;
 * this service adds a unique code and optimistic locking. A facility owned by an external
 * registry is read-only here (409 naming the owner).
 */
import type { FacilityRecord, LocationRegistry, WriteSession } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { loadClassifications, type Classifications } from '../locations/classifications.js';
import { translatingFhirErrors } from '../locations/location-errors.js';
import type { Repositories } from '../shared/context.js';
import type { FacilityInput } from './facility.schema.js';
import { facilityError, facilityRecord, type FacilityLookups } from './facility-rules.js';
import { facilityView, type FacilityView } from './facility.view.js';

export interface FacilityFilter {
  code?: string;
  name?: string;
  ids?: string[];
  zoneId?: string;
  /** With zoneId: facilities in any zone below it too. */
  recurse?: boolean;
  typeCode?: string;
}

export class FacilityService {
  constructor(
    private readonly db: Repositories,
    private readonly locations: LocationRegistry,
  ) {}

  async list(filter: FacilityFilter, paging: PageRequest): Promise<Page<FacilityView>> {
    const classifications = await loadClassifications(this.db);
    const { records, total } = await this.locations.listFacilities(
      { code: filter.code, name: filter.name, ids: filter.ids, zoneId: filter.zoneId, recurse: filter.recurse, classificationCode: filter.typeCode },
      { offset: paging.page * paging.size, limit: paging.size, sort: paging.sort as never },
    );
    return toPage(await this.views(records, classifications), total, paging);
  }

  async get(id: string): Promise<FacilityView> {
    const record = await this.locations.getFacility(id);
    if (!record) throw this.notFound(id);
    return (await this.views([record], await loadClassifications(this.db)))[0];
  }

  notFound(id: string): ApiError {
    return facilityError(404, 'notFound', `Facility ${id} does not exist`);
  }

  async create(input: FacilityInput, session?: WriteSession): Promise<FacilityView> {
    return this.save(undefined, input, undefined, session);
  }

  async update(id: string, input: FacilityInput, expectedVersion?: number, session?: WriteSession): Promise<FacilityView> {
    if (!(await this.locations.getFacility(id, session?.db))) throw this.notFound(id);
    return this.save(id, input, expectedVersion, session);
  }

  /** Creates, or updates the facility with this code (CSV re-import). */
  async upsertByCode(input: FacilityInput, session?: WriteSession): Promise<FacilityView> {
    const existing = await this.locations.idOfCode(input.code, session?.db);
    return existing?.kind === 'facility' ? this.update(existing.id, input, undefined, session) : this.create(input, session);
  }

  private async save(id: string | undefined, input: FacilityInput, expectedVersion: number | undefined, session?: WriteSession): Promise<FacilityView> {
    const classifications = await loadClassifications(this.db);
    const record = await facilityRecord(id, input, this.lookups(classifications, session));
    const holder = await this.locations.idOfCode(input.code, session?.db);
    if (holder && holder.id !== id) throw facilityError(409, 'code.duplicated', `The code "${input.code}" is already used by Location/${holder.id}`, 'code');
    const saved = await translatingFhirErrors('facility', 'facility', () => this.locations.saveFacility(record, { ifMatch: expectedVersion, session }));
    return (await this.views([saved], classifications, session))[0];
  }

  /** The REST path's lookups: one zone, read from the FHIR layer (inside the caller's session, if any). */
  private lookups(classifications: Classifications, session?: WriteSession): FacilityLookups {
    return {
      classifications,
      zoneIdOf: async (ref) => {
        const zoneId = ref.id ?? (await this.locations.idOfCode(ref.code!, session?.db))?.id;
        return zoneId ? (await this.locations.getZone(zoneId, session?.db))?.id : undefined;
      },
    };
  }

  /** Views for a page of records; their zones' names come from one list query. */
  private async views(records: FacilityRecord[], classifications: Classifications, session?: WriteSession): Promise<FacilityView[]> {
    const zoneIds = [...new Set(records.map((r) => r.zoneId).filter((id): id is string => id !== undefined))];
    const zones = new Map<string, { id: string; code: string | null; name: string }>();
    if (zoneIds.length > 0 && !session) {
      const { records: found } = await this.locations.listZones({ ids: zoneIds }, { offset: 0, limit: zoneIds.length, sort: [] });
      for (const zone of found) zones.set(zone.id, { id: zone.id, code: zone.code ?? null, name: zone.name });
    }
    return records.map((record) => facilityView(record, classifications, zones));
  }
}
