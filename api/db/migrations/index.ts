/**
 * Every schema migration of the platform, in the order they run. A module that owns tables adds
 * its migrations here; the schema is never synchronised from entities.
 */
import type { MigrationInterface } from 'typeorm';
import { CreateInstallation1763770000000 } from './1763770000000-CreateInstallation.js';

export const migrations: Array<new () => MigrationInterface> = [CreateInstallation1763770000000];
