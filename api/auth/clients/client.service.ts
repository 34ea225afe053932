/**
 * Registering and authenticating OAuth clients, and describing them to oidc-provider (which finds
 * them through the adapter, so a client added in PostgreSQL is usable at once by every instance).
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ClientMetadata } from 'oidc-provider';
import { ApiError } from '../../http/errors.js';
import { hashPassword, verifyNothing, verifyPassword } from '../credentials/passwords.js';
import { type ClientAuthMethod, type ClientGrantType, OAuthClient } from './oauth-client.entity.js';
import { isSystemScope } from './scopes.js';

export interface NewOAuthClient {
  clientId: string;
  name?: string;
  /** For a confidential client; generated when omitted. Ignored for a public client. */
  secret?: string;
  /** `none` makes a public client (authorization code with PKCE, no secret). */
  authMethod?: ClientAuthMethod;
  grantTypes: ClientGrantType[];
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  allowedScopes?: string[];
  ownerRegistry?: string;
}

/** The OpenID Connect scopes every user-facing client may ask for. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Registers a client; answers the secret in clear once (it is stored only hashed). */
export async function createOAuthClient(dataSource: DataSource, input: NewOAuthClient): Promise<{ client: OAuthClient; secret?: string }> {
  const authMethod = input.authMethod ?? 'client_secret_basic';
  checkClient(input, authMethod);
  const secret = authMethod === 'none' ? undefined : (input.secret ?? crypto.randomBytes(32).toString('base64url'));
  const client = dataSource.getRepository(OAuthClient).create({
    clientId: input.clientId,
    name: input.name ?? null,
    secretHash: secret === undefined ? null : await hashPassword(secret),
    authMethod,
    grantTypes: input.grantTypes,
    redirectUris: input.redirectUris ?? [],
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    allowedScopes: input.allowedScopes ?? [],
    ownerRegistry: input.ownerRegistry ?? null,
    active: true,
  });
  await dataSource.getRepository(OAuthClient).insert(client);
  return { client, secret };
}

/** What oidc-provider would refuse later, refused when the client is registered. */
function checkClient(input: NewOAuthClient, authMethod: ClientAuthMethod): void {
  const badScope = (input.allowedScopes ?? []).find((scope) => !isSystemScope(scope));
  if (badScope) throw new ApiError(400, 'auth.error.invalidScope', `${badScope} is not a SMART system scope (system/<Type|*>.<read|write|*>)`);
  if (input.grantTypes.length === 0) throw new ApiError(400, 'auth.error.invalidClient', 'A client needs at least one grant type');
  if (input.grantTypes.includes('authorization_code') && !input.redirectUris?.length) {
    throw new ApiError(400, 'auth.error.invalidClient', 'A client that signs users in needs a redirect URI');
  }
  if (authMethod === 'none' && input.grantTypes.includes('client_credentials')) {
    throw new ApiError(400, 'auth.error.invalidClient', 'A public client (no secret) cannot use client credentials');
  }
}

export function findActiveClient(dataSource: DataSource, clientId: string): Promise<OAuthClient | null> {
  return dataSource.getRepository(OAuthClient).findOneBy({ clientId, active: true });
}

/** The active confidential client with this id and secret, or undefined (in the same time either way). */
export async function authenticateClient(dataSource: DataSource, clientId: string, secret: string): Promise<OAuthClient | undefined> {
  const client = await findActiveClient(dataSource, clientId);
  if (!client?.secretHash) {
    await verifyNothing(secret);
    return undefined;
  }
  return (await verifyPassword(client.secretHash, secret)) ? client : undefined;
}

/**
 * The client as oidc-provider metadata. `client_secret` carries the hash: the provider compares
 * secrets through Client.prototype.compareClientSecret, which the provider module replaces with a
 * hash check (so symmetric HS* algorithms stay unavailable, as they would need the clear secret).
 */
export function providerMetadata(client: OAuthClient): ClientMetadata {
  const codeFlow = client.grantTypes.includes('authorization_code');
  return {
    client_id: client.clientId,
    client_name: client.name ?? undefined,
    ...(client.secretHash ? { client_secret: client.secretHash } : {}),
    token_endpoint_auth_method: client.authMethod,
    grant_types: client.grantTypes,
    response_types: codeFlow ? ['code'] : [],
    redirect_uris: codeFlow ? client.redirectUris : [],
    post_logout_redirect_uris: codeFlow ? client.postLogoutRedirectUris : [],
    scope: codeFlow ? OIDC_SCOPES.join(' ') : undefined,
    allowed_scopes: client.allowedScopes,
    owner_registry: client.ownerRegistry ?? undefined,
  };
}
