/**
 * The platform's lifecycle: database (embedded or external) -> migrations -> HTTP server, and the
 * reverse on stop: stop accepting, drain in-flight requests, close the pool, stop PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp } from './app.js';
import { ConfigError, redactUrl, type Config } from './config.js';
import { createDataSource } from './db/data-source.js';
import { EmbeddedPostgres, EmbeddedPostgresError } from './db/embedded-postgres.js';
import { runMigrations } from './db/migrate.js';
import type { HealthState } from './http/health.js';
import type { FhirLayer } from '../fhir/index.js';
import { startMediators } from '../mediators/index.js';
import type { Logger } from './logger.js';
import { readInstallation } from './system/installation.js';

export interface Platform {
  /** Base URL of the HTTP server as bound (http://host:port). */
  url: string;
  port: number;
  dataSource: DataSource;
  embedded?: EmbeddedPostgres;
  /** The FHIR layer, for in-process users (mediators, tests). */
  fhir: FhirLayer;
  /** Drains and stops everything; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startPlatform(config: Config, logger: Logger): Promise<Platform> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config, logger);
  try {
    const databaseUrl = config.databaseUrl ?? embedded!.url;
    const dataSource = await connect(databaseUrl, config, logger);
    try {
      return await serve(config, logger, dataSource, embedded);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedPostgres> {
  try {
    return await EmbeddedPostgres.start({ dataDir: config.dataDir, port: config.embeddedDbPort, logger });
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw new ConfigError('LASTMILE_DATA_DIR', `${config.dataDir}: ${error.message}`);
    throw error;
  }
}

async function connect(url: string, config: Config, logger: Logger): Promise<DataSource> {
  const dataSource = createDataSource({ url, poolMax: config.dbPoolMax });
  try {
    await dataSource.initialize();
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    throw new ConfigError('DATABASE_URL', `cannot connect to ${redactUrl(url)} (${reason})`);
  }
  const applied = await runMigrations(dataSource);
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
  const installation = await readInstallation(dataSource);
  logger.info({ installationId: installation.id, database: redactUrl(url) }, 'database ready');
  return dataSource;
}

async function serve(config: Config, logger: Logger, dataSource: DataSource, embedded?: EmbeddedPostgres): Promise<Platform> {
  const health: HealthState = { draining: false };
  const app = await createApp({ config, dataSource, logger, health });
  const server = http.createServer(app.express);
  server.keepAliveTimeout = 5000;
  try {
    await listen(server, config);
  } catch (error) {
    await app.fhir.close(); // its connection must go back before the pool can close
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  const localUrl = host === 'localhost' ? `http://127.0.0.1:${port}` : url; // "localhost" may resolve to ::1, which 0.0.0.0 does not serve
  const mediators = startMediators({ config, logger, fhir: app.fhir, dataSource, localUrl, publicUrl: config.publicUrl, routes: app.mediatorRoutes });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health.draining = true;
      logger.info('shutting down: draining requests');
      await mediators.stop();
      await app.registrySync.stop();
      await drain(server, config.shutdownTimeoutMs, logger);
      await app.fhir.close();
      await dataSource.destroy();
      await embedded?.stop();
      logger.info('shutdown complete');
    })());

  return { url, port, dataSource, embedded, fhir: app.fhir, stop };
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${error.code ?? error.message})`;
      reject(new ConfigError('PORT', `${config.host}:${config.port} ${reason}`));
    });
    server.listen(config.port, config.host, () => resolve());
  });
}

/** Stops accepting, lets in-flight requests finish, then cuts whatever is left at the deadline. */
async function drain(server: http.Server, timeoutMs: number, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([closed, deadline]);
  clearInterval(idleSweep);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.warn({ timeoutMs }, 'requests still running at the shutdown deadline: closing their connections');
    server.closeAllConnections();
    await closed;
  }
}
