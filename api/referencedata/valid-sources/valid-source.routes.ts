/** /api/validSources: list (paged; by program and facility type), read, assign (POST), remove (DELETE). */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { nodeAssignmentRoutes } from '../stock-configuration/node-assignment.routes.js';
import { validateValidSource } from './valid-source.schema.js';
import { validSourceService } from './valid-source.service.js';

export function validSourceRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  return nodeAssignmentRoutes('/validSources', validSourceService(dataSource, directory), validateValidSource);
}
