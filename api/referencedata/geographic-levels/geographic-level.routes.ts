/** /geographicLevels: list (paged, filter by code and name), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { publishClassifications } from '../locations/publishing.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateGeographicLevel } from './geographic-level.schema.js';
import { geographicLevelService } from './geographic-level.service.js';

export function geographicLevelRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/geographicLevels',
    service: geographicLevelService(dataSource),
    validate: validateGeographicLevel,
    sortable: { code: 'code', name: 'name', levelNumber: 'levelNumber' },
    afterWrite: () => publishClassifications(dataSource, fhir.publisher),
    defaultSort: 'levelNumber',
  });
}
