/** /api/orderableDisplayCategories: list (paged, by code and name, in display order), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateOrderableDisplayCategory } from './orderable-display-category.schema.js';
import { orderableDisplayCategoryService } from './orderable-display-category.service.js';

export function orderableDisplayCategoryRoutes({ dataSource }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/orderableDisplayCategories',
    service: orderableDisplayCategoryService(dataSource),
    validate: validateOrderableDisplayCategory,
    sortable: { code: 'code', name: 'name', displayOrder: 'displayOrder' },
    defaultSort: 'displayOrder',
  });
}
