/**
 * The mcsd-supplier's registration with OpenHIM: one endpoint (this mediator's route in Lastmile)
 * and one default channel through which HIE consumers reach Lastmile's mCSD Directory. The channel
 * matches /lastmile/fhir/..., lets in the configured client roles, and routes to the mediator,
 * whose route calls /fhir and answers with an orchestration per call.
 */
import type { ChannelDef, MediatorConfig, RouteDef } from '../openhim/index.js';
import { SUPPLIER_CONFIG_DEFS, SUPPLIER_DEFAULT_CONFIG } from './settings.js';

export const SUPPLIER_URN = 'urn:mediator:lastmile-mcsd-supplier';
/** Where the platform mounts mediator routes, and this mediator's part of it. */
export const MEDIATORS_MOUNT = '/mediators';
export const SUPPLIER_ROUTE = '/mcsd-supplier/fhir';
/** The path consumers call on OpenHIM's router. */
export const CHANNEL_PATH = '/lastmile/fhir';
export const CHANNEL_NAME = 'Lastmile mCSD directory';

export interface SupplierRegistrationOptions {
  /** Where OpenHIM core reaches Lastmile (OPENHIM_MEDIATOR_URL, PUBLIC_URL or the bound URL). */
  mediatorUrl: string;
  /** OpenHIM client roles allowed on the channel. */
  allowedRoles: string[];
  /** x.y.z; Lastmile's own version, so core takes an upgraded registration. */
  version: string;
}

export function supplierMediatorConfig({ mediatorUrl, allowedRoles, version }: SupplierRegistrationOptions): MediatorConfig {
  const url = new URL(mediatorUrl);
  const routePath = `${url.pathname.replace(/\/+$/, '')}${MEDIATORS_MOUNT}${SUPPLIER_ROUTE}`;
  const target = {
    type: 'http',
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    secured: url.protocol === 'https:',
  } satisfies Partial<RouteDef>;
  const channel: ChannelDef = {
    name: CHANNEL_NAME,
    description:
      "HIE consumers' access to Lastmile's facility directory: IHE mCSD ITI-90 (find) and ITI-91 (updates with " +
      '_history?_since), read-only, through the Lastmile mCSD supplier mediator.',
    urlPattern: `^${CHANNEL_PATH}(/.*)?$`,
    type: 'http',
    methods: ['GET', 'HEAD', 'POST'],
    authType: 'private',
    allow: allowedRoles,
    requestBody: true,
    responseBody: true,
    routes: [{ name: 'Lastmile mCSD supplier', ...target, primary: true, pathTransform: `s/^${escapeSlashes(CHANNEL_PATH)}/${escapeSlashes(routePath)}/`, forwardAuthHeader: false }],
  };
  return {
    urn: SUPPLIER_URN,
    version,
    name: 'Lastmile mCSD supplier',
    description: "Registers Lastmile's /fhir (IHE mCSD Directory with the Update option) as a facility source HIE consumers pull through OpenHIM.",
    endpoints: [{ name: 'Lastmile mCSD supplier', ...target, path: routePath, primary: true }],
    defaultChannelConfig: [channel],
    configDefs: SUPPLIER_CONFIG_DEFS,
    config: { ...SUPPLIER_DEFAULT_CONFIG },
  };
}

/** pathTransform is sed-like: slashes inside its parts are written \/. */
function escapeSlashes(path: string): string {
  return path.replaceAll('/', '\\/');
}
