/**
 * The stock management configuration part of reference data (configuration guide, "Setup Stock
 * Management"): reasons, valid reason assignments, organizations, and valid sources and
 * destinations. Registered with the module as one unit; importers use the services directly.
 */
import express, { type Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { Organization } from '../organizations/organization.entity.js';
import { organizationRoutes } from '../organizations/organization.routes.js';
import { StockCardLineItemReason } from '../stock-reasons/stock-reason.entity.js';
import { stockReasonRoutes } from '../stock-reasons/stock-reason.routes.js';
import { ValidDestinationAssignment } from '../valid-destinations/valid-destination.entity.js';
import { validDestinationRoutes } from '../valid-destinations/valid-destination.routes.js';
import { ValidReasonAssignment } from '../valid-reasons/valid-reason.entity.js';
import { validReasonRoutes } from '../valid-reasons/valid-reason.routes.js';
import { ValidSourceAssignment } from '../valid-sources/valid-source.entity.js';
import { validSourceRoutes } from '../valid-sources/valid-source.routes.js';
import { StockNode } from './stock-node.entity.js';

export const stockConfigurationEntities = [StockCardLineItemReason, ValidReasonAssignment, Organization, StockNode, ValidSourceAssignment, ValidDestinationAssignment];

export function stockConfigurationRoutes(context: ReferenceDataContext): Router {
  return express
    .Router()
    .use(stockReasonRoutes(context))
    .use(validReasonRoutes(context))
    .use(organizationRoutes(context))
    .use(validSourceRoutes(context))
    .use(validDestinationRoutes(context));
}
