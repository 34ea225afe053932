/** /api/programs: list (paged, filter by code and name), read, create, update. Programs are deactivated, never deleted. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { publishClassifications } from '../locations/publishing.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateProgram } from './program.schema.js';
import { programService } from './program.service.js';

export function programRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/programs',
    service: programService(dataSource),
    validate: validateProgram,
    sortable: { code: 'code', name: 'name' },
    afterWrite: () => publishClassifications(dataSource, fhir.publisher),
    defaultSort: 'code',
  });
}
