/** /api/dispensingUnits: list (paged, by code and name, in display order), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateDispensingUnit } from './dispensing-unit.schema.js';
import { dispensingUnitService } from './dispensing-unit.service.js';

export function dispensingUnitRoutes({ dataSource }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/dispensingUnits',
    service: dispensingUnitService(dataSource),
    validate: validateDispensingUnit,
    sortable: { code: 'code', name: 'name', displayOrder: 'displayOrder' },
    defaultSort: 'displayOrder',
  });
}
