/**
 * Demo credentials (LASTMILE_DEMO=true outside production): OpenLMIS's demo users get the password
 * `password` when they exist and have none yet, and the demo machine client holds every system
 * scope. Production refuses to start while any of these is present.
 */
import type { DataSource } from 'typeorm';
import { ConfigError } from '../../config.js';
import { createOAuthClient } from '../clients/client.service.js';
import { OAuthClient } from '../clients/oauth-client.entity.js';
import { setPassword } from './credential.service.js';

export const DEMO_PASSWORD = 'password';
export const DEMO_CLIENT = { id: 'lastmile-demo-client', secret: 'lastmile-demo-secret', scopes: ['system/*.*'] } as const;

/** OpenLMIS's demo usernames (the configuration guide's examples). */
export const DEMO_USERNAMES = [
  'administrator',
  'srmanager1', 'srmanager2', 'srmanager3', 'srmanager4',
  'smanager1', 'smanager2', 'smanager3', 'smanager4',
  'dsrmanager', 'psupervisor', 'wclerk1', 'wclerk2', 'divo1', 'divo2',
] as const;

/** Gives the demo password to the named users that exist without a password; answers how many. */
export async function setDemoPasswords(dataSource: DataSource, usernames: readonly string[] = DEMO_USERNAMES): Promise<number> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `SELECT u.id FROM users u LEFT JOIN user_credentials c ON c.user_id = u.id
      WHERE lower(u.username) = ANY($1) AND c.user_id IS NULL`,
    [usernames.map((username) => username.toLowerCase())],
  );
  for (const { id } of rows) await setPassword(dataSource.manager, id, DEMO_PASSWORD);
  return rows.length;
}

export async function ensureDemoClient(dataSource: DataSource): Promise<void> {
  if (await dataSource.getRepository(OAuthClient).existsBy({ clientId: DEMO_CLIENT.id })) return;
  await createOAuthClient(dataSource, {
    clientId: DEMO_CLIENT.id,
    name: 'Lastmile demo machine client',
    secret: DEMO_CLIENT.secret,
    grantTypes: ['client_credentials'],
    allowedScopes: [...DEMO_CLIENT.scopes],
  }).catch(async (error: unknown) => {
    // Another instance starting at the same moment registered it first.
    if (!(await dataSource.getRepository(OAuthClient).existsBy({ clientId: DEMO_CLIENT.id }))) throw error;
  });
}

/** Production: no demo client and no user with a well-known default password, or no start. */
export async function refuseDemoCredentials(dataSource: DataSource): Promise<void> {
  const problems: string[] = [];
  if (await dataSource.getRepository(OAuthClient).existsBy({ clientId: DEMO_CLIENT.id })) problems.push(`the demo client ${DEMO_CLIENT.id} exists`);
  const users: Array<{ username: string }> = await dataSource.query(
    'SELECT u.username FROM user_credentials c JOIN users u ON u.id = c.user_id WHERE c.default_password ORDER BY u.username LIMIT 10',
  );
  if (users.length > 0) problems.push(`users with a default password: ${users.map((user) => user.username).join(', ')}`);
  if (problems.length > 0) {
    throw new ConfigError('NODE_ENV', `production refuses to start with demo credentials (${problems.join('; ')}); remove them or change those passwords`);
  }
}
