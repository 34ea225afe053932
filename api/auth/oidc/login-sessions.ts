/**
 * Browser sessions after /api/login: the cookie holds 256 random bits, PostgreSQL the hash of it
 * with the user and the issuer's tokens. Server-side rather than a signed cookie so that logout
 * (and deactivating a user) ends the session at once on every instance, and no token ever reaches
 * the browser. The cost is one indexed query per cookie-authenticated request.
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';

export const SESSION_COOKIE = 'lastmile_session';

export interface SessionUser {
  userId: string;
  username: string;
}

export interface EndedSession {
  idToken: string | null;
  refreshToken: string | null;
}

export interface LoginSessions {
  create(input: { userId: string; issuer: string; idToken: string; refreshToken?: string }): Promise<string>;
  /** The active user behind a session cookie, or undefined when expired, ended or disabled. */
  find(cookie: string | undefined): Promise<SessionUser | undefined>;
  end(cookie: string | undefined): Promise<EndedSession | undefined>;
}

export function loginSessions(dataSource: DataSource, ttlSeconds: number): LoginSessions {
  return {
    async create({ userId, issuer, idToken, refreshToken }) {
      const cookie = crypto.randomBytes(32).toString('base64url');
      await dataSource.query(
        `INSERT INTO login_sessions (id_hash, user_id, issuer, id_token, refresh_token, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [hash(cookie), userId, issuer, idToken, refreshToken ?? null, ttlSeconds],
      );
      // Housekeeping at sign-in: a user's own expired sessions go.
      await dataSource.query('DELETE FROM login_sessions WHERE user_id = $1 AND expires_at < now()', [userId]);
      return cookie;
    },

    async find(cookie) {
      if (!wellFormed(cookie)) return undefined;
      const rows: Array<{ user_id: string; username: string }> = await dataSource.query(
        `SELECT s.user_id, u.username FROM login_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = $1 AND s.expires_at > now() AND u.active AND NOT u.login_restricted`,
        [hash(cookie!)],
      );
      return rows[0] ? { userId: rows[0].user_id, username: rows[0].username } : undefined;
    },

    async end(cookie) {
      if (!wellFormed(cookie)) return undefined;
      // TypeORM answers a DELETE as [rows, count].
      const [rows]: [Array<{ id_token: string | null; refresh_token: string | null }>, number] = await dataSource.query(
        'DELETE FROM login_sessions WHERE id_hash = $1 RETURNING id_token, refresh_token',
        [hash(cookie!)],
      );
      return rows[0] ? { idToken: rows[0].id_token, refreshToken: rows[0].refresh_token } : undefined;
    },
  };
}

function wellFormed(cookie: string | undefined): boolean {
  return typeof cookie === 'string' && /^[\w-]{43}$/.test(cookie);
}

function hash(cookie: string): string {
  return crypto.hash('sha256', cookie, 'hex');
}
