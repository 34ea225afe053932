/**
 * The reference data module (configuration guide, "Step 2: Set up OpenLMIS"): one folder per
 * entity with its entity, schema, service and routes; coded entities share their mechanics
 * (shared/). Mounted under /api.
 */
import express, { type Router } from 'express';
import type { ReferenceDataContext } from './shared/context.js';
import { publishClassifications } from './locations/publishing.js';
import { facilityOperatorRoutes } from './facility-operators/facility-operator.routes.js';
import { facilityTypeRoutes } from './facility-types/facility-type.routes.js';
import { geographicLevelRoutes } from './geographic-levels/geographic-level.routes.js';
import { processingPeriodRoutes } from './processing-periods/processing-period.routes.js';
import { processingScheduleRoutes } from './processing-schedules/processing-schedule.routes.js';
import { programRoutes } from './programs/program.routes.js';
import { geographicZoneRoutes } from './geographic-zones/geographic-zone.routes.js';
import { facilityRoutes } from './facilities/facility.routes.js';
import { csvRoutes } from './csv/csv.routes.js';
import { FacilityOperator } from './facility-operators/facility-operator.entity.js';
import { FacilityType } from './facility-types/facility-type.entity.js';
import { GeographicLevel } from './geographic-levels/geographic-level.entity.js';
import { ProcessingPeriod } from './processing-periods/processing-period.entity.js';
import { ProcessingSchedule } from './processing-schedules/processing-schedule.entity.js';
import { Program } from './programs/program.entity.js';
import { CreatePrograms1763800000000 } from './migrations/1763800000000-CreatePrograms.js';
import { CreateFacilityClassifications1763810000000 } from './migrations/1763810000000-CreateFacilityClassifications.js';
import { CreateProcessingSchedules1763820000000 } from './migrations/1763820000000-CreateProcessingSchedules.js';

export const referenceDataEntities = [Program, FacilityType, FacilityOperator, GeographicLevel, ProcessingSchedule, ProcessingPeriod];
export const referenceDataMigrations = [CreatePrograms1763800000000, CreateFacilityClassifications1763810000000, CreateProcessingSchedules1763820000000];

export type { ReferenceDataContext } from './shared/context.js';

/** Work at start, before requests arrive: republish the FHIR CodeSystems and operator Organizations. */
export async function prepareReferenceData(context: ReferenceDataContext): Promise<void> {
  await publishClassifications(context.dataSource, context.fhir.publisher);
}

export function referenceDataRouter(context: ReferenceDataContext): Router {
  return express
    .Router()
    .use(programRoutes(context))
    .use(facilityTypeRoutes(context))
    .use(facilityOperatorRoutes(context))
    .use(geographicLevelRoutes(context))
    .use(processingScheduleRoutes(context))
    .use(processingPeriodRoutes(context))
    .use(geographicZoneRoutes(context))
    .use(facilityRoutes(context))
    .use(csvRoutes(context));
}
