/**
 * The one PostgreSQL cluster of a test run: the platform's own embedded server in a temporary
 * directory on a free port, with a template database migrated once. Each test file then copies
 * the template (see database.ts), which takes milliseconds and isolates files from each other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../api/db/data-source.js';
import { EmbeddedPostgres } from '../../api/db/embedded-postgres.js';
import { runMigrations } from '../../api/db/migrate.js';
import { createLogger } from '../../api/logger.js';

export interface TestCluster {
  adminUrl: string;
  templateDatabase: string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-pg-'));
  const logger = createLogger('warn');
  const server = await EmbeddedPostgres.start({ dataDir, port: 0, logger });
  try {
    const template = createDataSource({ url: server.url, poolMax: 1 });
    await template.initialize();
    await runMigrations(template);
    await template.destroy();
  } catch (error) {
    await server.stop(); // jest skips the global teardown when the global setup fails
    throw error;
  }
  return {
    adminUrl: server.urlFor('postgres'),
    templateDatabase: new URL(server.url).pathname.slice(1),
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
