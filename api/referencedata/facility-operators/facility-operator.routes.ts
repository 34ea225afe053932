/** /facilityOperators: list (paged, filter by code and name), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { publishClassifications } from '../locations/publishing.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateFacilityOperator } from './facility-operator.schema.js';
import { facilityOperatorService } from './facility-operator.service.js';

export function facilityOperatorRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/facilityOperators',
    service: facilityOperatorService(dataSource),
    validate: validateFacilityOperator,
    sortable: { code: 'code', name: 'name', displayOrder: 'displayOrder' },
    afterWrite: () => publishClassifications(dataSource, fhir.publisher),
    defaultSort: 'code',
  });
}
