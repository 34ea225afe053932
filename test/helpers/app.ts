/** The whole platform in-process on a free port, against a fresh test database. */
import { loadConfig } from '../../api/config.js';
import { createLogger } from '../../api/logger.js';
import { startPlatform, type Platform } from '../../api/platform.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  url: string;
  /** The test database this app runs on (another app may share it). */
  databaseUrl: string;
  platform: Platform;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LASTMILE_DEMO: 'false', ...env, DATABASE_URL: databaseUrl });
  const platform = await startPlatform(config, createLogger(config.logLevel));
  return { url: platform.url, databaseUrl, platform, stop: () => platform.stop() };
}
