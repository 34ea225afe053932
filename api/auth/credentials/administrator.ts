/**
 * The first administrator of an installation without demo data. While nobody has a password,
 * LASTMILE_ADMIN_PASSWORD gives the user `administrator` (created if missing) its password; in
 * production without it, a one-time setup token is printed once at start, and /auth/setup trades
 * it for the administrator's password. Tokens are stored hashed and expire after a day.
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConfigError } from '../../config.js';
import { setPassword } from './credential.service.js';
import { passwordProblem } from './passwords.js';

export const ADMINISTRATOR = 'administrator';
const SETUP_TOKEN_TTL_HOURS = 24;

export interface BootstrapOptions {
  adminPassword?: string;
  /** Whether to print a setup token when there is no password at all (production). */
  offerSetupToken: boolean;
  print: (text: string) => void;
}

export async function bootstrapAdministrator(dataSource: DataSource, options: BootstrapOptions): Promise<void> {
  if (await anyPassword(dataSource)) return;
  if (options.adminPassword !== undefined) {
    const problem = passwordProblem(options.adminPassword, ADMINISTRATOR);
    if (problem) throw new ConfigError('LASTMILE_ADMIN_PASSWORD', problem);
    await setPassword(dataSource.manager, await ensureAdministrator(dataSource), options.adminPassword);
    return;
  }
  if (!options.offerSetupToken) return;
  await ensureAdministrator(dataSource);
  const token = crypto.randomBytes(24).toString('base64url');
  await dataSource.query(`INSERT INTO auth_setup_tokens (token_hash, expires_at) VALUES ($1, now() + make_interval(hours => $2))`, [tokenHash(token), SETUP_TOKEN_TTL_HOURS]);
  options.print(
    `\nNo user can sign in yet. Set the administrator's password within ${SETUP_TOKEN_TTL_HOURS} hours at /auth/setup with this one-time setup token:\n\n    ${token}\n\n(or restart with LASTMILE_ADMIN_PASSWORD set)\n\n`,
  );
}

/**
 * Sets the administrator's password with a setup token, once: answers the problem, or undefined
 * when done. The password is checked before the token is spent.
 */
export async function completeSetup(dataSource: DataSource, token: string, password: string): Promise<string | undefined> {
  const problem = passwordProblem(password, ADMINISTRATOR);
  if (problem) return `The password ${problem}.`;
  return dataSource.transaction(async (manager) => {
    const [rows]: [unknown[], number] = await manager.query('DELETE FROM auth_setup_tokens WHERE token_hash = $1 AND expires_at > now() RETURNING 1', [tokenHash(token)]);
    if (rows.length === 0) return 'The setup token is wrong, expired or already used.';
    const [admin]: Array<{ id: string; has_password: boolean }> = await manager.query(
      `SELECT u.id, c.user_id IS NOT NULL AS has_password FROM users u LEFT JOIN user_credentials c ON c.user_id = u.id WHERE lower(u.username) = $1`,
      [ADMINISTRATOR],
    );
    if (!admin || admin.has_password) return 'The administrator already has a password.';
    await setPassword(manager, admin.id, password);
    await manager.query('DELETE FROM auth_setup_tokens');
    return undefined;
  });
}

async function anyPassword(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM user_credentials LIMIT 1');
  return rows.length > 0;
}

/** The administrator's user id, creating the user when missing (its roles are the rights module's). */
async function ensureAdministrator(dataSource: DataSource): Promise<string> {
  await dataSource.query(`INSERT INTO users (username, first_name, last_name) VALUES ($1, 'System', 'Administrator') ON CONFLICT DO NOTHING`, [ADMINISTRATOR]);
  const [row]: Array<{ id: string }> = await dataSource.query('SELECT id FROM users WHERE lower(username) = $1', [ADMINISTRATOR]);
  return row.id;
}

function tokenHash(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}
