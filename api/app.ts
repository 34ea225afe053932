/**
 * Composes the HTTP application: cross-cutting middleware first (request id and logs, metrics),
 * then one mount per module, then the UI and the error handlers. Modules receive what they need
 * (data source, logger) and know nothing of each other.
 */
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { poolOf } from './db/data-source.js';
import { errorHandler, notFound } from './http/errors.js';
import { healthRouter, type HealthState } from './http/health.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { requestLogging } from './http/request-logging.js';
import { uiRouter } from './http/ui.js';
import type { Logger } from './logger.js';
import { uiDistDir } from './paths.js';
import { createFhirLayer, type FhirLayer } from '../fhir/index.js';
import { prepareReferenceData, referenceDataRouter } from './referencedata/index.js';

export interface AppDependencies {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  health: HealthState;
}

export interface App {
  express: Express;
  metrics: Metrics;
  fhir: FhirLayer;
}

export async function createApp({ config, dataSource, logger, health }: AppDependencies): Promise<App> {
  const metrics = createMetrics(() => poolOf(dataSource));
  const app = express();
  app.disable('x-powered-by');
  // No body-hash ETags: FHIR sets version ETags itself, and hashing every search Bundle costs CPU.
  app.set('etag', false);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestLogging(logger));
  app.use(metrics.middleware);
  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect elsewhere.
    if (health.draining) res.setHeader('Connection', 'close');
    next();
  });

  app.use(healthRouter(dataSource, health));
  app.use(metrics.router(config.metricsToken));
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('the data source must be initialised before the app is composed');
  const fhir = await createFhirLayer({ pool, publicUrl: config.publicUrl, logger });
  app.use('/fhir', fhir.router);
  const referenceData = { dataSource, directory: fhir.directory, fhir };
  try {
    await prepareReferenceData(referenceData, { demo: config.demo, logger });
  } catch (error) {
    await fhir.close(); // its listening connection must go back, or closing the pool waits forever
    throw error;
  }
  app.use('/api', express.json({ limit: '5mb' }), referenceDataRouter(referenceData), notFound);
  app.use(uiRouter(uiDistDir));

  app.use(notFound);
  app.use(errorHandler);
  return { express: app, metrics, fhir };
}
