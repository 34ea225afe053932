/**
 * Users as the identity provider sees them: the account behind a `sub` (the user id) and the
 * claims it releases. An inactive or login-restricted user has no account, so their refresh
 * tokens stop working too.
 */
import type { Account } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { isUuid } from '../../http/request-params.js';

interface AccountRow {
  id: string;
  username: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  email_verified: boolean;
}

/** Which claims each scope releases (oidc-provider's `claims` configuration). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['preferred_username', 'name'],
  email: ['email', 'email_verified'],
};

export async function findAccount(dataSource: DataSource, sub: string): Promise<Account | undefined> {
  if (!isUuid(sub)) return undefined;
  const rows: AccountRow[] = await dataSource.query(
    `SELECT id, username, first_name, last_name, email, email_verified FROM users
      WHERE id = $1 AND active AND NOT login_restricted`,
    [sub],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { accountId: row.id, claims: () => accountClaims(row) };
}

function accountClaims(row: AccountRow) {
  const name = [row.first_name, row.last_name].filter(Boolean).join(' ');
  return {
    sub: row.id,
    preferred_username: row.username,
    name: name || row.username,
    ...(row.email ? { email: row.email, email_verified: row.email_verified } : {}),
  };
}

/** The username of a user id, for the `preferred_username` claim of access tokens. */
export async function usernameOf(dataSource: DataSource, userId: string): Promise<string | undefined> {
  if (!isUuid(userId)) return undefined;
  const rows: Array<{ username: string }> = await dataSource.query('SELECT username FROM users WHERE id = $1', [userId]);
  return rows[0]?.username;
}
