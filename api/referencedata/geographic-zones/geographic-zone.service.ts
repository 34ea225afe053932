/**
 * Geographic zones, kept as mCSD Jurisdiction Locations in the FHIR layer (one copy, no table of
 * our own). The guide's rules: a level that exists, a parent for every zone below the top level
 * and at a higher level than the zone, a unique code, coordinates in 8,5 format. A zone owned by
 * an external registry is read-only here (409 naming the owner).
 */
import type { LocationRegistry, WriteSession, ZoneRecord } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { coordinateProblem } from '../locations/coordinates.js';
import { loadClassifications, type Classifications } from '../locations/classifications.js';
import { translatingFhirErrors } from '../locations/location-errors.js';
import type { Repositories } from '../shared/context.js';
import type { GeographicZoneInput } from './geographic-zone.schema.js';
import { zoneView, type GeographicZoneView } from './geographic-zone.view.js';

export interface ZoneFilter {
  code?: string;
  name?: string;
  parentId?: string;
  levelCode?: string;
}

const error = (status: number, key: string, message: string, field?: string) =>
  new ApiError(status, `referenceData.error.geographicZone.${key}`, message, field ? { fieldErrors: { [field]: message } } : undefined);

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
    return error(404, 'notFound', `Geographic zone ${id} does not exist`);
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
    const level = classifications.levels.resolve(input.level, 'level');
    const parentId = await this.checkParent(input, level.levelNumber, classifications, session);
    const coordinates = coordinateProblem(input.latitude, input.longitude);
    if (coordinates) throw error(400, 'coordinates', coordinates, 'latitude');
    await this.checkCodeFree(input.code, id, session);
    const record: ZoneRecord = await translatingFhirErrors('geographicZone', 'geographic zone', () =>
      this.locations.saveZone(
        {
          id,
          code: input.code,
          name: input.name,
          level: { code: level.code, display: level.name },
          parentId,
          catchmentPopulation: input.catchmentPopulation ?? undefined,
          position: input.latitude != null && input.longitude != null ? { latitude: input.latitude, longitude: input.longitude } : undefined,
        },
        { ifMatch: expectedVersion, session },
      ),
    );
    return zoneView(record, classifications);
  }

  /** Every zone but the top level's has a parent zone, at a higher level (a smaller level number). */
  private async checkParent(input: GeographicZoneInput, levelNumber: number, classifications: Classifications, session?: WriteSession): Promise<string | undefined> {
    if (!input.parent) {
      if (levelNumber > 1) throw error(400, 'parent.required', `A zone at level ${levelNumber} needs a parent zone`, 'parent');
      return undefined;
    }
    const parentId = input.parent.id ?? (await this.locations.idOfCode(input.parent.code!, session?.db))?.id;
    const parent = parentId ? await this.locations.getZone(parentId, session?.db) : undefined;
    if (!parent) throw error(400, 'parent.notFound', `parent: there is no geographic zone ${input.parent.id ?? `with code "${input.parent.code}"`}`, 'parent');
    const parentLevel = classifications.levels.withCode(parent.level?.code);
    if (parentLevel && parentLevel.levelNumber >= levelNumber) {
      throw error(400, 'parent.level', `The parent zone "${parent.name}" is at level ${parentLevel.levelNumber}; a zone at level ${levelNumber} needs a parent at a higher level`, 'parent');
    }
    return parent.id;
  }

  private async checkCodeFree(code: string, id: string | undefined, session?: WriteSession): Promise<void> {
    const holder = await this.locations.idOfCode(code, session?.db);
    if (holder && holder.id !== id) throw error(409, 'code.duplicated', `The code "${code}" is already used by Location/${holder.id}`, 'code');
  }
}
