/**
 * The reference data module (configuration guide, "Step 2: Set up OpenLMIS"): one folder per
 * entity with its entity, schema, service and routes. Mounted under /api.
 */
import express, { type Router } from 'express';
import type { DataSource } from 'typeorm';
import { programRoutes } from './programs/program.routes.js';

export { Program } from './programs/program.entity.js';
export { CreatePrograms1763800000000 } from './migrations/1763800000000-CreatePrograms.js';

export function referenceDataRouter(dataSource: DataSource): Router {
  return express.Router().use(programRoutes(dataSource));
}
