/**
 * What an administrator can change about the mcsd-supplier in the OpenHIM console (its configDefs),
 * the defaults registered with it, and how the values core sends back become typed settings.
 */
import type { ConfigDef, ConfigValues } from '../openhim/index.js';

export type AuthorizationMode = 'service-client' | 'forward-bearer' | 'none';

export interface SupplierSettings {
  /** The consumers' base URL of the channel; links in answers are rewritten to it. */
  channelBaseUrl?: string;
  authorization: AuthorizationMode;
  upstreamTimeoutMs: number;
}

export const SUPPLIER_CONFIG_DEFS: ConfigDef[] = [
  {
    param: 'channelBaseUrl',
    displayName: 'Channel base URL',
    description:
      'The URL HIE consumers use for this channel, e.g. https://openhim.example.org:5000/lastmile/fhir. Paging links, ' +
      "fullUrls and Location headers in Lastmile's answers are rewritten to it so consumers stay inside the HIE. " +
      "Empty: links point at Lastmile's own /fhir.",
    type: 'string',
  },
  {
    param: 'authorization',
    displayName: 'Authorization towards Lastmile',
    description:
      'service-client: consumers OpenHIM authenticated read with the token of the Lastmile service client named in ' +
      "OPENHIM_SUPPLIER_CLIENT (its scopes decide what they see). forward-bearer: pass a consumer's own Bearer token on " +
      '(the channel route must forward the Authorization header). none: call Lastmile without credentials (it answers 401).',
    type: 'option',
    values: ['service-client', 'forward-bearer', 'none'],
  },
  {
    param: 'upstreamTimeoutSeconds',
    displayName: 'Upstream timeout (seconds)',
    description: "How long one call to Lastmile's /fhir may take before the consumer gets a 504.",
    type: 'number',
  },
];

export const SUPPLIER_DEFAULT_CONFIG: ConfigValues = { channelBaseUrl: '', authorization: 'service-client', upstreamTimeoutSeconds: 60 };

/** Reads core's config values leniently: a value of the wrong shape keeps its default. */
export function supplierSettings(values: ConfigValues): SupplierSettings {
  const base = typeof values.channelBaseUrl === 'string' ? values.channelBaseUrl.trim().replace(/\/+$/, '') : '';
  const timeout = typeof values.upstreamTimeoutSeconds === 'number' && values.upstreamTimeoutSeconds > 0 ? values.upstreamTimeoutSeconds : 60;
  return {
    channelBaseUrl: isHttpUrl(base) ? base : undefined,
    authorization: values.authorization === 'none' || values.authorization === 'forward-bearer' ? values.authorization : 'service-client',
    upstreamTimeoutMs: Math.min(timeout, 3600) * 1000,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
