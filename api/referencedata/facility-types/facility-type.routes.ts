/** /facilityTypes: list (paged, filter by code and name), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { publishClassifications } from '../locations/publishing.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateFacilityType } from './facility-type.schema.js';
import { facilityTypeService } from './facility-type.service.js';

export function facilityTypeRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/facilityTypes',
    service: facilityTypeService(dataSource),
    validate: validateFacilityType,
    sortable: { code: 'code', name: 'name', displayOrder: 'displayOrder' },
    afterWrite: () => publishClassifications(dataSource, fhir.publisher),
    defaultSort: 'code',
  });
}
