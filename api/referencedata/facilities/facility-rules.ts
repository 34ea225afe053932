/**
 * The guide's facility rules, turning a validated request into the Location record to write: a
 * zone, a type (active), an optional operator and supported programs that exist; a go-down date
 * not before the go-live date; an active facility is enabled; a program supported actively has a
 * start date and is itself active. Lookups are given, so the REST service (one facility, read
 * from the database) and the CSV import (thousands, from memory) apply exactly the same rules.
 */
import type { FacilityRecordInput, LocationStatus, SupportedProgram } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import type { Classifications, EntityRef } from '../locations/classifications.js';
import { coordinateProblem } from '../locations/coordinates.js';
import type { FacilityInput } from './facility.schema.js';

export interface FacilityLookups {
  classifications: Classifications;
  /** The id of the geographic zone a reference names, if it is one. */
  zoneIdOf(ref: EntityRef): Promise<string | undefined> | string | undefined;
}

export const facilityError = (status: number, key: string, message: string, field?: string) =>
  new ApiError(status, `referenceData.error.facility.${key}`, message, field ? { fieldErrors: { [field]: message } } : undefined);

export async function facilityRecord(id: string | undefined, input: FacilityInput, lookups: FacilityLookups): Promise<FacilityRecordInput> {
  const { classifications } = lookups;
  const type = classifications.facilityTypes.resolve(input.type, 'type');
  if (!type.active) throw facilityError(400, 'type.inactive', `The facility type "${type.code}" is inactive`, 'type');
  const operator = input.operator ? classifications.operators.resolve(input.operator, 'operator') : undefined;
  const zoneId = await lookups.zoneIdOf(input.geographicZone);
  if (!zoneId) {
    const named = input.geographicZone.id ?? `with code "${input.geographicZone.code}"`;
    throw facilityError(400, 'geographicZone.notFound', `geographicZone: there is no geographic zone ${named}`, 'geographicZone');
  }
  if (input.active && !input.enabled) throw facilityError(400, 'activeButDisabled', 'A disabled (decommissioned) facility cannot be active', 'active');
  if (input.goDownDate && input.goDownDate < input.goLiveDate) {
    throw facilityError(400, 'goDownDate.beforeGoLive', `The go-down date ${input.goDownDate} is before the go-live date ${input.goLiveDate}`, 'goDownDate');
  }
  const coordinates = input.location ? coordinateProblem(input.location.latitude, input.location.longitude) : undefined;
  if (coordinates) throw facilityError(400, 'location', coordinates, 'location');
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
    supportedPrograms: supportedPrograms(input, classifications),
  };
}

function supportedPrograms(input: FacilityInput, classifications: Classifications): SupportedProgram[] {
  const seen = new Set<string>();
  return input.supportedPrograms.map((support, i) => {
    const field = `supportedPrograms.${i}`;
    const program = classifications.programs.resolve(support, field);
    if (seen.has(program.id)) throw facilityError(400, 'supportedPrograms.duplicated', `The program "${program.code}" is listed twice`, field);
    seen.add(program.id);
    if (support.supportActive && !support.supportStartDate) throw facilityError(400, 'supportedPrograms.startDateRequired', `An active program support ("${program.code}") needs a start date`, field);
    if (support.supportActive && !program.active) throw facilityError(400, 'supportedPrograms.programInactive', `The program "${program.code}" is inactive and cannot be supported actively`, field);
    return { code: program.code, display: program.name, active: support.supportActive, startDate: support.supportStartDate ?? undefined, locallyFulfilled: support.supportLocallyFulfilled };
  });
}

/** FHIR's Location status from OpenLMIS's two flags: suspended is "temporarily shut down". */
function statusOf(input: FacilityInput): LocationStatus {
  if (!input.enabled) return 'inactive';
  return input.active ? 'active' : 'suspended';
}
