/**
 * Composes the HTTP application: cross-cutting middleware first (request id and logs, metrics),
 * then one mount per module, then the UI and the error handlers. Modules receive what they need
 * (data source, logger) and know nothing of each other.
 */
import express, { type Express, type Router } from 'express';
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
import { createFhirLayer, type FhirGate, type FhirLayer } from '../fhir/index.js';
import { prepareReferenceData, referenceDataRouter } from './referencedata/index.js';
import { registrySyncRouter, SyncService } from '../mediators/mcsd-consumer/index.js';
import { accessRouter, apiGate, auditChanges, auditRecorder, createAuthorization, createIdentity, fhirGate, installRequestVerifier, passwordRoutes, type Identity } from './auth/index.js';

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
  /** The /mediators mount: startMediators adds the routes OpenHIM calls once the server listens. */
  mediatorRoutes: Router;
  /** Registry sync runs started through /api/registrySync; stopped before the pool closes. */
  registrySync: SyncService;
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
  // The FHIR layer asks who a request comes from; identity and rights exist only further down.
  let fhirAccess: FhirGate = async () => undefined;
  const fhir = await createFhirLayer({ pool, publicUrl: config.publicUrl, logger, gate: (req) => fhirAccess(req) });
  // Writes through /fhir and changes through /api go to the audit trail once answered (refusals too).
  const audit = auditRecorder(dataSource, logger);
  app.use('/fhir', auditChanges(audit, 'fhir.change'), fhir.router);
  const referenceData = { dataSource, directory: fhir.directory, fhir };
  let identity: Identity;
  try {
    await prepareReferenceData(referenceData, { demo: config.demo, logger });
    identity = await createIdentity({ config, dataSource, logger }); // after the demo load: demo users get their passwords
  } catch (error) {
    await fhir.close(); // its listening connection must go back, or closing the pool waits forever
    throw error;
  }
  installRequestVerifier(app, identity.verifier);
  if (identity.authRouter) app.use('/auth', identity.authRouter);
  app.use('/api', identity.apiRouter);
  const authorization = createAuthorization(referenceData);
  fhirAccess = fhirGate(authorization);
  app.use('/api', auditChanges(audit, 'api.change')); // before the gate, so refused changes are recorded too
  // Everything under /api below the login routes needs a session or token and the right it declares.
  app.use('/api', apiGate(authorization));
  // Runs started through the API are stopped with the platform, like the scheduler's (mediators/).
  const registrySync = new SyncService({ pool, fhir, logger });
  app.use('/api', express.json({ limit: '5mb' }), registrySyncRouter({ service: registrySync }));
  app.use('/api', express.json({ limit: '5mb' }), referenceDataRouter(referenceData), accessRouter(referenceData, authorization), passwordRoutes(dataSource, identity.credentials, authorization), notFound);
  const mediatorRoutes = express.Router();
  app.use('/mediators', mediatorRoutes);
  app.use(uiRouter(uiDistDir));

  app.use(notFound);
  app.use(errorHandler);
  return { express: app, metrics, fhir, mediatorRoutes, registrySync };
}
