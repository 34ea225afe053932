/**
 * The embedded OpenID Connect provider (oidc-provider): authorization code with PKCE for users,
 * client credentials with SMART system scopes for machines, refresh tokens, revocation and JWKS.
 * Access tokens are ES256 JWTs for one resource, the API (`aud` = base + /api), so /api and /fhir
 * verify them against the JWKS without calling the provider. State and keys live in PostgreSQL.
 */
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { OIDC_SCOPES } from '../clients/client.service.js';
import { grantedScopes } from '../clients/scopes.js';
import { verifyPassword } from '../credentials/passwords.js';
import { SCOPE_CLAIMS, findAccount, usernameOf } from './account.js';
import { postgresAdapter } from './adapter.js';
import { SIGNING_ALG, type AuthKeys } from './keys.js';
import { logoutPage, messagePage } from './pages.js';
import type { AuthUrls } from './urls.js';

export const UI_CLIENT_ID = 'lastmile-ui';

export interface ProviderDependencies {
  dataSource: DataSource;
  keys: AuthKeys;
  urls: AuthUrls;
  settings: AuthConfig;
  logger: Logger;
}

export function createProvider({ dataSource, keys, urls, settings, logger }: ProviderDependencies): Provider {
  const provider = new Provider(urls.issuer, {
    adapter: postgresAdapter(dataSource),
    clients: [uiClient(urls)],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: SIGNING_ALG, token_endpoint_auth_method: 'client_secret_basic' },
    jwks: { keys: keys.signingJwks() as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: keys.cookieSecrets(), long: { httpOnly: true, sameSite: 'lax' }, short: { httpOnly: true, sameSite: 'lax' } },
    scopes: [...OIDC_SCOPES],
    claims: SCOPE_CLAIMS,
    // Scope claims (username, name, email) go in the ID token: there is no userinfo endpoint.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => findAccount(dataSource, sub),
    extraClientMetadata: { properties: ['allowed_scopes', 'owner_registry'], validator: validateExtraMetadata },
    extraTokenClaims: (_ctx, token) => tokenClaims(dataSource, token),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client revokes only its own tokens.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: false },
      userinfo: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: (ctx, form) => void (ctx.body = logoutPage(form, ctx.host)), postLogoutSuccessSource: (ctx) => void (ctx.body = messagePage('Signed out', 'You have signed out of Lastmile.')) },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => urls.apiAudience,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => resourceServer(ctx, resource, client, urls, settings),
      },
    },
    pkce: { required: () => true },
    // Every client allowed the refresh_token grant gets refresh tokens, without offline_access and consent.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    loadExistingGrant: firstPartyGrant,
    interactions: { url: (_ctx, interaction) => `${new URL(urls.issuer).pathname}/interaction/${interaction.uid}` },
    routes: { authorization: '/authorize' },
    ttl: {
      AccessToken: settings.accessTokenTtl,
      ClientCredentials: settings.accessTokenTtl,
      IdToken: settings.accessTokenTtl,
      AuthorizationCode: 60,
      Interaction: 60 * 60,
      RefreshToken: settings.refreshTokenTtl,
      Session: settings.sessionTtl,
      Grant: Math.max(settings.refreshTokenTtl, settings.sessionTtl),
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in problem', out.error_description ?? out.error);
    },
  });
  // Client secrets are stored as argon2id hashes (see client.service.ts): compare accordingly.
  provider.Client.prototype.compareClientSecret = function compareHashed(this: { clientSecret?: string }, actual: string) {
    return this.clientSecret ? verifyPassword(this.clientSecret, actual) : false;
  };
  // Behind a TLS proxy, X-Forwarded-Proto makes the provider's cookies Secure and its URLs https.
  provider.proxy = true;
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'identity provider error'));
  return provider;
}

/** The browser UI's client: public, PKCE, the relying party's callback at /api/login/callback. */
function uiClient(urls: AuthUrls): ClientMetadata {
  return {
    client_id: UI_CLIENT_ID,
    client_name: 'Lastmile',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [urls.loginCallback],
    post_logout_redirect_uris: [`${urls.base}/`],
    scope: OIDC_SCOPES.join(' '),
  };
}

/**
 * The API as a resource server. Users' tokens carry no scopes (their roles decide what they may
 * do); a machine client's tokens carry the system scopes it asked for, as far as its allowed
 * scopes cover them, or all of its allowed scopes when it asked for none.
 */
function resourceServer(ctx: KoaContextWithOIDC, resource: string, client: { [key: string]: unknown }, urls: AuthUrls, settings: AuthConfig) {
  if (resource !== urls.apiAudience) throw new errors.InvalidTarget(`the only resource is ${urls.apiAudience}`);
  let scope = '';
  if (ctx.oidc.params?.grant_type === 'client_credentials') {
    const allowed = (client.allowed_scopes as string[] | undefined) ?? [];
    const asked = typeof ctx.oidc.params.scope === 'string' ? ctx.oidc.params.scope.split(' ').filter(Boolean) : [];
    // No scope asked: the provider filters the request's scope by this answer, so ask for all allowed.
    if (asked.length === 0) ctx.oidc.params.scope = allowed.join(' ');
    scope = grantedScopes(asked.length > 0 ? asked : allowed, allowed).join(' ');
  }
  return { scope, audience: urls.apiAudience, accessTokenFormat: 'jwt' as const, accessTokenTTL: settings.accessTokenTtl, jwt: { sign: { alg: SIGNING_ALG } } };
}

/** Claims added to access tokens: the username for users, the owned registry for a registry's client. */
async function tokenClaims(dataSource: DataSource, token: { kind: string; accountId?: string; client?: { [key: string]: unknown } }) {
  if (token.kind === 'ClientCredentials') {
    const ownerRegistry = token.client?.owner_registry;
    return typeof ownerRegistry === 'string' ? { owner_registry: ownerRegistry } : undefined;
  }
  if (token.kind === 'AccessToken' && token.accountId) {
    const username = await usernameOf(dataSource, token.accountId);
    return username ? { preferred_username: username } : undefined;
  }
  return undefined;
}

/**
 * Every client is registered by an administrator of this installation (first party), so users are
 * never asked to consent: the grant simply covers the OpenID scopes asked for.
 */
async function firstPartyGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const clientId = oidc.client!.clientId;
  const accountId = oidc.session!.accountId!;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant = existing?.accountId === accountId && existing.clientId === clientId ? existing : new oidc.provider.Grant({ clientId, accountId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' ') || 'openid');
  await grant.save();
  return grant;
}

function validateExtraMetadata(_ctx: KoaContextWithOIDC | undefined, key: string, value: unknown): void {
  if (key === 'allowed_scopes' && value !== undefined && !(Array.isArray(value) && value.every((scope) => typeof scope === 'string'))) {
    throw new errors.InvalidClientMetadata('allowed_scopes must be an array of strings');
  }
  if (key === 'owner_registry' && value !== undefined && typeof value !== 'string') {
    throw new errors.InvalidClientMetadata('owner_registry must be a string');
  }
}
