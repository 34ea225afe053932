/**
 * The auth module: users, roles and rights (OpenLMIS's model), the embedded OpenID Connect
 * provider at /auth, and the checks every /api and /fhir route makes. Entities and migrations are
 * listed here for the platform; each part lives in its own folder.
 */
import { User } from './users/user.entity.js';
import { CreateUsers1763900000000 } from './migrations/1763900000000-CreateUsers.js';
import { accessEntities, accessMigrations } from './access.js';
import { identityEntities, identityMigrations } from './identity.js';

export const authEntities: Function[] = [User, ...accessEntities, ...identityEntities];
export const authMigrations = [CreateUsers1763900000000, ...accessMigrations, ...identityMigrations];

// Users, roles, rights and permissions: the routes, and the service every route asks "may this user ...?"
export { accessRouter, createAuthorization } from './access.js';
export type { AccessContext } from './access-context.js';
export type { AuthorizationService } from './permissions/permission.service.js';
export type { UserPermissions, PermissionScope, Grant } from './permissions/user-permissions.js';
export { RIGHTS, RIGHT_TYPES, type RightName, type RightType } from './rights/right-catalogue.js';

// Identity: the OpenID Connect provider at /auth, login under /api, and who a request comes from.
export { createIdentity, principalOf, installRequestVerifier, scopesAllow, createOAuthClient, setPassword, setDemoPasswords, rotateAuthKeys } from './identity.js';
export type { Identity, Principal, RequestVerifier } from './identity.js';

// Enforcement: the gates in front of /api and /fhir.
export { apiGate } from './enforcement/api-gate.js';
export { fhirGate } from './enforcement/fhir-gate.js';
export { RESOURCE_RIGHTS } from './enforcement/resource-rights.js';
export { passwordRoutes } from './credentials/password.routes.js';

// Audit: the append-only trail of logins, token requests and changes (GET /api/auditEvents is in accessRouter).
export { auditRecorder, type AuditRecorder } from './audit/recorder.js';
export { auditChanges } from './audit/change-audit.js';
export type { AuditEvent, AuditAction } from './audit/audit-event.js';
