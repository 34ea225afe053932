/**
 * /api/organizations: list (paged; code and name filters), read, create, update. DELETE answers
 * 409: stock history may name an organization, so it is deactivated (active: false) instead.
 */
import type { Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateOrganization } from './organization.schema.js';
import { OrganizationService } from './organization.service.js';

export function organizationRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = new OrganizationService(dataSource);
  const router = codedEntityRoutes({ path: '/organizations', service, validate: validateOrganization, sortable: { code: 'code', name: 'name' }, defaultSort: 'name' });
  router.delete('/organizations/:id', async (req) => {
    const id = req.params.id as string;
    if (!isUuid(id)) throw service.notFound(id);
    const organization = await service.get(id);
    throw new ApiError(409, 'referenceData.error.organization.notDeletable', `Organization "${organization.name}" cannot be deleted: stock history may name it. Deactivate it (active: false) instead`);
  });
  return router;
}
