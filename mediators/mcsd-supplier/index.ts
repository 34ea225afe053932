/**
 * The mcsd-supplier mediator: registers Lastmile's mCSD Directory with OpenHIM (its channel for
 * HIE consumers) and serves the route that channel calls. Its settings follow the config an
 * administrator edits in the OpenHIM console, picked up with the heartbeats.
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { MediatorLink, MediatorRegistrar } from '../openhim/index.js';
import { upstreamAuthorization, type ServiceClient, type UpstreamAuthorization } from './authorization.js';
import { SUPPLIER_ROUTE, SUPPLIER_URN, supplierMediatorConfig } from './mediator.js';
import { supplierRouter } from './proxy.js';
import { SUPPLIER_DEFAULT_CONFIG, supplierSettings, type SupplierSettings } from './settings.js';

export { SUPPLIER_URN, CHANNEL_NAME, CHANNEL_PATH, supplierMediatorConfig } from './mediator.js';
export type { ConsumerIdentity, UpstreamAuthorization } from './authorization.js';

export interface McsdSupplierOptions {
  registrar: MediatorRegistrar;
  /** The platform's /mediators mount, where the route is added. */
  routes: Router;
  /** Where this process listens (http://127.0.0.1:port): the route calls /fhir there. */
  localUrl: string;
  /** PUBLIC_URL, which Lastmile's FHIR layer writes into links when set. */
  publicUrl?: string;
  /** Where OpenHIM core reaches this mediator. */
  mediatorUrl: string;
  allowedRoles: string[];
  version: string;
  logger: Logger;
  /** Decides the Authorization header sent to /fhir (tests may replace it). */
  authorize?: UpstreamAuthorization;
  /** The Lastmile service client OpenHIM-authenticated consumers read as (OPENHIM_SUPPLIER_CLIENT). */
  serviceClient?: ServiceClient;
}

export function startMcsdSupplier(options: McsdSupplierOptions): MediatorLink {
  const logger = options.logger.child({ mediator: 'mcsd-supplier' });
  let settings: SupplierSettings = supplierSettings(SUPPLIER_DEFAULT_CONFIG);
  options.routes.use(
    SUPPLIER_ROUTE.replace(/\/fhir$/, ''),
    supplierRouter({
      urn: SUPPLIER_URN,
      upstreamFhirUrl: `${options.localUrl}/fhir`,
      fhirLinkBase: `${options.publicUrl ?? options.localUrl}/fhir`,
      settings: () => settings,
      authorize: options.authorize ?? upstreamAuthorization(options.localUrl, options.serviceClient),
      logger,
    }),
  );
  return options.registrar.attach({
    mediator: supplierMediatorConfig({ mediatorUrl: options.mediatorUrl, allowedRoles: options.allowedRoles, version: options.version }),
    onConfig: (values) => {
      settings = supplierSettings({ ...SUPPLIER_DEFAULT_CONFIG, ...values });
    },
  });
}
