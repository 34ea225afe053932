/**
 * Identity (who is calling), composed for the auth module's index: the embedded OpenID Connect
 * provider, passwords, OAuth clients, the relying party's browser sessions, OpenLMIS's token
 * endpoint, and the verifier resource servers ask for a request's principal.
 */
import { OAuthClient } from './clients/oauth-client.entity.js';
import { UserCredential } from './credentials/credential.entity.js';
import { CreateCredentials1763920000000 } from './migrations/1763920000000-CreateCredentials.js';
import { CreateOidcStore1763921000000 } from './migrations/1763921000000-CreateOidcStore.js';
import { CreateLoginSessions1763922000000 } from './migrations/1763922000000-CreateLoginSessions.js';
import { CreateAuditEvents1763930000000 } from './migrations/1763930000000-CreateAuditEvents.js';

export const identityEntities: Function[] = [UserCredential, OAuthClient];
export const identityMigrations = [CreateCredentials1763920000000, CreateOidcStore1763921000000, CreateLoginSessions1763922000000, CreateAuditEvents1763930000000];

export { createIdentity, type Identity } from './oidc/index.js';
export { principalOf, installRequestVerifier, createRequestVerifier, type RequestVerifier } from './tokens/verify.js';
export type { Principal } from './tokens/principal.js';
export { scopesAllow, grantedScopes, isSystemScope } from './clients/scopes.js';
export { createOAuthClient, type NewOAuthClient } from './clients/client.service.js';
export { setPassword } from './credentials/credential.service.js';
export { passwordProblem } from './credentials/passwords.js';
export { setDemoPasswords, DEMO_USERNAMES, DEMO_PASSWORD, DEMO_CLIENT } from './credentials/demo-credentials.js';
export { rotateAuthKeys } from './oidc/keys.js';
