/**
 * Checking a username and password (the login form, OpenLMIS's password grant) and setting
 * passwords. Usernames match regardless of case. A wrong password counts towards the lock and is
 * answered late; the user's status is revealed only to someone who knows the password.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { UserCredential } from './credential.entity.js';
import { afterFailure, failureDelayMs, isLocked, type LockoutPolicy } from './lockout.js';
import { hashPassword, isWellKnownPassword, needsRehash, verifyNothing, verifyPassword } from './passwords.js';

export interface LoginUser {
  id: string;
  username: string;
}

export type LoginOutcome =
  | { ok: true; user: LoginUser }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

interface LoginRow {
  id: string;
  username: string;
  active: boolean;
  login_restricted: boolean;
  password_hash: string | null;
  locked_until: Date | null;
}

export interface CredentialService {
  authenticate(username: string, password: string): Promise<LoginOutcome>;
  setPassword(userId: string, password: string): Promise<void>;
}

export function credentialService(dataSource: DataSource, policy: LockoutPolicy): CredentialService {
  async function authenticate(username: string, password: string): Promise<LoginOutcome> {
    const row = await findLoginRow(dataSource, username);
    if (!row?.password_hash) {
      await verifyNothing(password);
      return { ok: false, reason: 'invalid' };
    }
    if (isLocked(row.locked_until)) return { ok: false, reason: 'locked' };
    if (!(await verifyPassword(row.password_hash, password))) return recordFailure(row.id);
    if (!row.active || row.login_restricted) return { ok: false, reason: 'disabled' };
    await recordSuccess(row, password);
    return { ok: true, user: { id: row.id, username: row.username } };
  }

  async function recordFailure(userId: string): Promise<LoginOutcome> {
    const state = await dataSource.transaction(async (manager) => {
      const credential = await manager.getRepository(UserCredential).findOne({ where: { userId }, lock: { mode: 'pessimistic_write' } });
      if (!credential) return undefined;
      const next = afterFailure(policy, credential.failedAttempts);
      await manager.getRepository(UserCredential).update({ userId }, next);
      return { failures: credential.failedAttempts + 1, locked: next.lockedUntil !== null };
    });
    if (state) await sleep(failureDelayMs(policy, state.failures));
    return { ok: false, reason: state?.locked ? 'locked' : 'invalid' };
  }

  async function recordSuccess(row: LoginRow, password: string): Promise<void> {
    const update: Partial<UserCredential> = { failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() };
    if (needsRehash(row.password_hash!)) update.passwordHash = await hashPassword(password);
    await dataSource.getRepository(UserCredential).update({ userId: row.id }, update);
  }

  return { authenticate, setPassword: (userId, password) => setPassword(dataSource.manager, userId, password) };
}

/** Sets (or replaces) a user's password and lifts any lock. Policy checks are the caller's. */
export async function setPassword(manager: EntityManager, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await manager.getRepository(UserCredential).upsert(
    { userId, passwordHash, failedAttempts: 0, lockedUntil: null, passwordChangedAt: new Date(), defaultPassword: isWellKnownPassword(password) },
    { conflictPaths: ['userId'] },
  );
}

async function findLoginRow(dataSource: DataSource, username: string): Promise<LoginRow | undefined> {
  if (username.length === 0 || username.length > 64) return undefined;
  const rows: LoginRow[] = await dataSource.query(
    `SELECT u.id, u.username, u.active, u.login_restricted, c.password_hash, c.locked_until
       FROM users u LEFT JOIN user_credentials c ON c.user_id = u.id
      WHERE lower(u.username) = lower($1)`,
    [username],
  );
  return rows[0];
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
