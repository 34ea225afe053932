/**
 * The mediators the platform runs in its own process: started once the HTTP server listens (the
 * routes OpenHIM calls are served by it, and mediators reach /fhir through it), stopped before
 * the database pool closes. Each registers with OpenHIM core through one shared registrar, or runs
 * standalone when OPENHIM_URL is unset.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../api/config.js';
import { packageRoot } from '../api/paths.js';
import type { FhirLayer } from '../fhir/index.js';
import { startMcsdConsumer, type McsdConsumer } from './mcsd-consumer/index.js';
import { startMcsdSupplier, type UpstreamAuthorization } from './mcsd-supplier/index.js';
import { createRegistrar, type MediatorLink, type MediatorStatus, type RegistrationTiming } from './openhim/index.js';

export interface MediatorsOptions {
  config: Config;
  logger: Logger;
  fhir: FhirLayer;
  dataSource: DataSource;
  /** Where this process listens (http://host:port). */
  localUrl: string;
  /** PUBLIC_URL when set. */
  publicUrl?: string;
  /** The app's /mediators mount, where the routes OpenHIM calls are added. */
  routes: Router;
  /** Overrides of the retry timing (tests). */
  timing?: Partial<RegistrationTiming>;
  /** Identity's seam for the supplier (see mcsd-supplier/authorization.ts). */
  supplierAuthorization?: UpstreamAuthorization;
}

export interface RunningMediators {
  /** The mCSD update consumer (its SyncService backs /api/registrySync). */
  mcsdConsumer: McsdConsumer;
  status(): MediatorStatus[];
  /** Stops heartbeats and background work; safe to call more than once. */
  stop(): Promise<void>;
}

export function startMediators(options: MediatorsOptions): RunningMediators {
  const { config, publicUrl, localUrl } = options;
  const logger = options.logger.child({ module: 'mediators' });
  const registrar = createRegistrar(config.openhim, logger, options.timing);
  const links: MediatorLink[] = [];
  const mediatorUrl = config.openhim?.mediatorUrl ?? publicUrl ?? localUrl;
  if (config.openhim && !config.openhim.mediatorUrl && !publicUrl) {
    logger.warn({ mediatorUrl }, 'OpenHIM core is told to reach the mediators at this local URL: set OPENHIM_MEDIATOR_URL unless core runs on this machine');
  }

  links.push(
    startMcsdSupplier({
      registrar,
      routes: options.routes,
      localUrl,
      publicUrl,
      mediatorUrl,
      allowedRoles: config.openhim?.supplierRoles ?? ['mcsd-client'],
      version: lastmileVersion(),
      logger,
      authorize: options.supplierAuthorization,
      serviceClient: config.openhim?.supplierClient,
    }),
  );

  const mcsdConsumer = startMcsdConsumer({ dataSource: options.dataSource, fhir: options.fhir, logger, config, registrar, mediatorUrl, version: lastmileVersion() });
  links.push(mcsdConsumer);

  let stopping: Promise<void> | undefined;
  return {
    mcsdConsumer,
    status: () => links.map((link) => link.status()),
    stop: () => (stopping ??= Promise.all(links.map((link) => link.stop())).then(() => undefined)),
  };
}

let version: string | undefined;

/** Lastmile's own x.y.z: a new release re-registers its mediators with core. */
function lastmileVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
