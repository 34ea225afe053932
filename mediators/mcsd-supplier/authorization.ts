/**
 * Which Authorization header the supplier sends to Lastmile's /fhir for a consumer's request.
 * - service-client (default): a consumer OpenHIM authenticated (X-OpenHIM-ClientID, by certificate
 *   or Basic, and let through by the channel's allowed roles) reads with the token of the Lastmile
 *   service client configured in OPENHIM_SUPPLIER_CLIENT: its SMART scopes decide what the HIE sees.
 * - forward-bearer: a consumer's own Bearer token is passed on (the channel must forward it).
 * A consumer's Basic credentials belong to OpenHIM and are never passed on.
 */
import type { AuthorizationMode } from './settings.js';

export interface ConsumerIdentity {
  /** The Authorization header the consumer sent, when the route forwarded it. */
  authorization?: string;
  /** The OpenHIM client core authenticated (X-OpenHIM-ClientID). */
  openhimClientId?: string;
}

export type UpstreamAuthorization = (consumer: ConsumerIdentity, mode: AuthorizationMode) => Promise<string | undefined>;

export const forwardBearerToken: UpstreamAuthorization = async (consumer, mode) => {
  if (mode !== 'forward-bearer') return undefined;
  return /^Bearer\s+\S+$/i.test(consumer.authorization ?? '') ? consumer.authorization : undefined;
};

export interface ServiceClient {
  id: string;
  secret: string;
}

/** Refresh a cached token this long before it expires. */
const EARLY_MS = 30_000;

/**
 * The authorization of the configured modes: a client-credentials token of the service client from
 * Lastmile's token endpoint (cached until shortly before it expires), or the consumer's own token.
 */
export function upstreamAuthorization(localUrl: string, serviceClient: ServiceClient | undefined): UpstreamAuthorization {
  let cached: { header: string; until: number } | undefined;
  const serviceToken = async (): Promise<string | undefined> => {
    if (!serviceClient) return undefined;
    if (cached && cached.until > Date.now()) return cached.header;
    const basic = Buffer.from(`${serviceClient.id}:${serviceClient.secret}`).toString('base64');
    const response = await fetch(`${localUrl}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!body.access_token) return undefined; // /fhir answers 401, which the orchestration shows
    cached = { header: `Bearer ${body.access_token}`, until: Date.now() + (body.expires_in ?? 60) * 1000 - EARLY_MS };
    return cached.header;
  };
  return async (consumer, mode) => {
    if (mode === 'service-client') return consumer.openhimClientId ? serviceToken() : undefined;
    return forwardBearerToken(consumer, mode);
  };
}
