/**
 * The one place that answers "may user U do right R for program P at facility F" and "where, and
 * for which programs, may U do R": routes ask it for a user's permissions once per request (the
 * answer is remembered on the request) and then ask the answer as often as they like.
 */
import type { Request } from 'express';
import type { AccessContext } from '../access-context.js';
import { loadGrants } from './grant-queries.js';
import { UserPermissions } from './user-permissions.js';

/** What routes and other modules use (exported from api/auth/index.ts). */
export interface AuthorizationService {
  /** Computed afresh: an unknown or inactive user has no permissions. */
  forUser(userId: string): Promise<UserPermissions>;
  /** The same, computed at most once per request and user. */
  forRequest(req: Request, userId: string): Promise<UserPermissions>;
}

export class PermissionService implements AuthorizationService {
  private readonly perRequest = new WeakMap<Request, Map<string, Promise<UserPermissions>>>();

  constructor(private readonly context: AccessContext) {}

  async forUser(userId: string): Promise<UserPermissions> {
    return new UserPermissions(userId, await loadGrants(this.context.dataSource.manager, this.context.fhir.locations, userId));
  }

  forRequest(req: Request, userId: string): Promise<UserPermissions> {
    const remembered = this.perRequest.get(req) ?? new Map<string, Promise<UserPermissions>>();
    this.perRequest.set(req, remembered);
    let permissions = remembered.get(userId);
    if (!permissions) {
      permissions = this.forUser(userId);
      remembered.set(userId, permissions);
      permissions.catch(() => remembered.delete(userId)); // a failed read is not remembered
    }
    return permissions;
  }
}
