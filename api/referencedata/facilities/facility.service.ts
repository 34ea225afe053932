/**
 * Facilities, kept as mCSD Facility Locations in the FHIR layer: there is exactly one copy of a
 * facility, and /fhir/Location serves it to the HIE. The guide's rules: a zone, a type (active),
 * an optional operator and supported programs that exist; a unique code; a go-live date, and a
 * go-down date not before it; an active facility is enabled; a program supported actively has a
 * start date and is itself active. A facility owned by an external registry is read-only here.
 */
import type { FacilityRecord, FacilityRecordInput, LocationRegistry, LocationStatus, SupportedProgram, WriteSession } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { coordinateProblem } from '../locations/coordinates.js';
import { loadClassifications, type Classifications } from '../locations/classifications.js';
import { translatingFhirErrors } from '../locations/location-errors.js';
import type { Repositories } from '../shared/context.js';
import type { FacilityInput } from './facility.schema.js';
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

const error = (status: number, key: string, message: string, field?: string) =>
  new ApiError(status, `referenceData.error.facility.${key}`, message, field ? { fieldErrors: { [field]: message } } : undefined);

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
    return error(404, 'notFound', `Facility ${id} does not exist`);
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
    const record = await this.toRecord(id, input, classifications, session);
    const holder = await this.locations.idOfCode(input.code, session?.db);
    if (holder && holder.id !== id) throw error(409, 'code.duplicated', `The code "${input.code}" is already used by Location/${holder.id}`, 'code');
    const saved = await translatingFhirErrors('facility', 'facility', () => this.locations.saveFacility(record, { ifMatch: expectedVersion, session }));
    return (await this.views([saved], classifications, session))[0];
  }

  private async toRecord(id: string | undefined, input: FacilityInput, classifications: Classifications, session?: WriteSession): Promise<FacilityRecordInput> {
    const type = classifications.facilityTypes.resolve(input.type, 'type');
    if (!type.active) throw error(400, 'type.inactive', `The facility type "${type.code}" is inactive`, 'type');
    const operator = input.operator ? classifications.operators.resolve(input.operator, 'operator') : undefined;
    const zoneId = await this.zoneOf(input, session);
    if (input.active && !input.enabled) throw error(400, 'activeButDisabled', 'A disabled (decommissioned) facility cannot be active', 'active');
    if (input.goDownDate && input.goDownDate < input.goLiveDate) throw error(400, 'goDownDate.beforeGoLive', `The go-down date ${input.goDownDate} is before the go-live date ${input.goLiveDate}`, 'goDownDate');
    const coordinates = input.location ? coordinateProblem(input.location.latitude, input.location.longitude) : undefined;
    if (coordinates) throw error(400, 'location', coordinates, 'location');
    return {
      id,
      code: input.code,
      name: input.name,
      description: input.description ?? undefined,
      zoneId,
      type: { code: type.code, display: type.name },
      operator: operator ? { id: operator.id, display: operator.name } : undefined,
      status: statusOf(input),
      goLiveDate: input.goLiveDate,
      goDownDate: input.goDownDate ?? undefined,
      comment: input.comment ?? undefined,
      position: input.location ?? undefined,
      supportedPrograms: this.supportedPrograms(input, classifications),
    };
  }

  private async zoneOf(input: FacilityInput, session?: WriteSession): Promise<string> {
    const ref = input.geographicZone;
    const zoneId = ref.id ?? (await this.locations.idOfCode(ref.code!, session?.db))?.id;
    const zone = zoneId ? await this.locations.getZone(zoneId, session?.db) : undefined;
    if (!zone) throw error(400, 'geographicZone.notFound', `geographicZone: there is no geographic zone ${ref.id ?? `with code "${ref.code}"`}`, 'geographicZone');
    return zone.id;
  }

  private supportedPrograms(input: FacilityInput, classifications: Classifications): SupportedProgram[] {
    const seen = new Set<string>();
    return input.supportedPrograms.map((support, i) => {
      const field = `supportedPrograms.${i}`;
      const program = classifications.programs.resolve(support, field);
      if (seen.has(program.id)) throw error(400, 'supportedPrograms.duplicated', `The program "${program.code}" is listed twice`, field);
      seen.add(program.id);
      if (support.supportActive && !support.supportStartDate) throw error(400, 'supportedPrograms.startDateRequired', `An active program support ("${program.code}") needs a start date`, field);
      if (support.supportActive && !program.active) throw error(400, 'supportedPrograms.programInactive', `The program "${program.code}" is inactive and cannot be supported actively`, field);
      return { code: program.code, display: program.name, active: support.supportActive, startDate: support.supportStartDate ?? undefined, locallyFulfilled: support.supportLocallyFulfilled };
    });
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

/** FHIR's Location status from OpenLMIS's two flags: suspended is "temporarily shut down". */
function statusOf(input: FacilityInput): LocationStatus {
  if (!input.enabled) return 'inactive';
  return input.active ? 'active' : 'suspended';
}
