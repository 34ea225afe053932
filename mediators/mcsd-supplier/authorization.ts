/**
 * The seam where identity (issue 5) plugs in: which Authorization header the supplier sends to
 * Lastmile's /fhir for a consumer's request.
 *
 * Today /fhir has no access control, so this only passes on a consumer's Bearer token (when the
 * channel route forwards it and the administrator chose forward-bearer). A consumer's Basic
 * credentials belong to OpenHIM and are never passed on. Still to do once Lastmile issues tokens:
 * map the OpenHIM client (X-OpenHIM-ClientID) to a Lastmile service client and send that client's
 * client-credentials token, so consumers that authenticate to OpenHIM by certificate or Basic get
 * the rights of their service client.
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
