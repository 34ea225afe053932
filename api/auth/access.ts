/**
 * Users, roles, rights, role assignments and permissions (OpenLMIS's access model), composed for
 * the auth module's index: their entities, migrations, the /api routes, and the authorization
 * service other modules ask.
 */
import express, { type Router } from 'express';
import type { AccessContext } from './access-context.js';
import { auditRoutes } from './audit/audit.routes.js';
import { CreateRightsAndRoles1763910000000 } from './migrations/1763910000000-CreateRightsAndRoles.js';
import { CreateRoleAssignments1763911000000 } from './migrations/1763911000000-CreateRoleAssignments.js';
import { permissionRoutes } from './permissions/permission.routes.js';
import { PermissionService, type AuthorizationService } from './permissions/permission.service.js';
import { Right } from './rights/right.entity.js';
import { rightRoutes } from './rights/right.routes.js';
import { RoleAssignment } from './role-assignments/role-assignment.entity.js';
import { roleAssignmentRoutes } from './role-assignments/role-assignment.routes.js';
import { Role, RoleRight } from './roles/role.entity.js';
import { roleRoutes } from './roles/role.routes.js';
import { userRoutes } from './users/user.routes.js';

export const accessEntities: Function[] = [Right, Role, RoleRight, RoleAssignment];
export const accessMigrations = [CreateRightsAndRoles1763910000000, CreateRoleAssignments1763911000000];

export function createAuthorization(context: AccessContext): AuthorizationService {
  return new PermissionService(context);
}

/** /api/rights, /api/roles, /api/users (with their role assignments and permissions), /api/auditEvents. */
export function accessRouter(context: AccessContext, authorization: AuthorizationService): Router {
  return express
    .Router()
    .use(rightRoutes(context))
    .use(roleRoutes(context))
    .use(userRoutes(context))
    .use(roleAssignmentRoutes(context))
    .use(permissionRoutes(context, authorization))
    .use(auditRoutes(context.dataSource));
}
