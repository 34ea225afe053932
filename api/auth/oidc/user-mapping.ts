/**
 * Which Lastmile user an identity provider's user is. The embedded provider's `sub` is the user id;
 * an external provider's users are matched by a claim (OIDC_USERNAME_CLAIM: preferred_username by
 * default, or email) against usernames or emails, regardless of case. Users are never created
 * here: an administrator adds them first. Inactive and login-restricted users do not match.
 */
import type { DataSource } from 'typeorm';
import { isUuid } from '../../http/request-params.js';
import type { SessionUser } from './login-sessions.js';

export type UserMapping = (claims: Record<string, unknown>) => Promise<SessionUser | undefined>;

export function userBySubject(dataSource: DataSource): UserMapping {
  return async (claims) => {
    const sub = claims.sub;
    if (typeof sub !== 'string' || !isUuid(sub)) return undefined;
    return firstUser(dataSource, 'id = $1', sub);
  };
}

export function userByClaim(dataSource: DataSource, claim: string): UserMapping {
  const column = claim === 'email' ? 'lower(email)' : 'lower(username)';
  return async (claims) => {
    const value = claims[claim];
    if (typeof value !== 'string' || value === '' || value.length > 320) return undefined;
    return firstUser(dataSource, `${column} = lower($1)`, value);
  };
}

async function firstUser(dataSource: DataSource, condition: string, value: string): Promise<SessionUser | undefined> {
  const rows: Array<{ id: string; username: string }> = await dataSource.query(
    `SELECT id, username FROM users WHERE ${condition} AND active AND NOT login_restricted`,
    [value],
  );
  return rows[0] ? { userId: rows[0].id, username: rows[0].username } : undefined;
}
