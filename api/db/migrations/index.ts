/**
 * Every schema migration of the platform, in the order they run. A module that owns tables adds
 * its migrations here; the schema is never synchronised from entities.
 */
import type { MigrationInterface } from 'typeorm';
import { CreateFhirStore1763780000000 } from '../../../fhir/store/migrations/1763780000000-CreateFhirStore.js';
import { CreateLocationDirectory1763790000000 } from '../../../fhir/directory/migrations/1763790000000-CreateLocationDirectory.js';
import { referenceDataMigrations } from '../../referencedata/index.js';
import { authMigrations } from '../../auth/index.js';
import { CreateInstallation1763770000000 } from './1763770000000-CreateInstallation.js';
import { CreateMcsdConsumer1763950000000 } from '../../../mediators/mcsd-consumer/migrations/1763950000000-CreateMcsdConsumer.js';

export const migrations: Array<new () => MigrationInterface> = [
  CreateInstallation1763770000000,
  CreateFhirStore1763780000000,
  CreateLocationDirectory1763790000000,
  ...referenceDataMigrations,
  ...authMigrations,
  CreateMcsdConsumer1763950000000,
];
