/**
 * The auth module: users, roles and rights (OpenLMIS's model), the embedded OpenID Connect
 * provider at /auth, and the checks every /api and /fhir route makes. Entities and migrations are
 * listed here for the platform; each part lives in its own folder.
 */
import { User } from './users/user.entity.js';
import { CreateUsers1763900000000 } from './migrations/1763900000000-CreateUsers.js';

export const authEntities: Function[] = [User];
export const authMigrations = [CreateUsers1763900000000];
