/** A fresh database per test file, copied from the migrated template (or empty, for migration tests). */
import crypto from 'node:crypto';
import pg from 'pg';

function admin(): { url: string; template: string } {
  const url = process.env.LASTMILE_TEST_ADMIN_URL;
  const template = process.env.LASTMILE_TEST_TEMPLATE_DB;
  if (!url || !template) throw new Error('the test cluster is not running (jest global setup)');
  return { url, template };
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const { url, template } = admin();
  const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client(url);
  await client.connect();
  try {
    const source = options.empty ? 'template0' : template;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(source)}`);
  } finally {
    await client.end();
  }
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return databaseUrl.toString();
}
