/** /api/validDestinations: list (paged; by program and facility type), read, assign (POST), remove (DELETE). */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { nodeAssignmentRoutes } from '../stock-configuration/node-assignment.routes.js';
import { validateValidDestination } from './valid-destination.schema.js';
import { validDestinationService } from './valid-destination.service.js';

export function validDestinationRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  return nodeAssignmentRoutes('/validDestinations', validDestinationService(dataSource, directory), validateValidDestination);
}
