/**
 * Lastmile as an OpenID Connect relying party (openid-client): discovery, the authorization code
 * flow with PKCE, ID token validation, RP-initiated logout and refresh token revocation. It talks
 * to the embedded provider (as the public client lastmile-ui) or to an external issuer (a
 * confidential client, OIDC_CLIENT_ID/OIDC_CLIENT_SECRET) in the same way.
 */
import * as client from 'openid-client';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  /** A confidential client's secret; without it the client is public (PKCE only). */
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  idTokenAlg?: string;
  /** How to reach the issuer (the embedded provider is reached over loopback). */
  fetch?: typeof fetch;
}

/** What the browser keeps (in a signed cookie) between the redirect to the issuer and the callback. */
export interface LoginAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface LoginResult {
  claims: client.IDToken;
  idToken: string;
  refreshToken?: string;
}

const SCOPE = 'openid profile email';

export class RelyingParty {
  #configuration?: Promise<client.Configuration>;

  constructor(readonly options: RelyingPartyOptions) {}

  /** The issuer's configuration, discovered once (again after a failure, e.g. the issuer was down). */
  configuration(): Promise<client.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  async begin(returnTo: string): Promise<{ url: URL; attempt: LoginAttempt }> {
    const configuration = await this.configuration();
    const attempt = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.options.redirectUri,
      scope: SCOPE,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, attempt };
  }

  /** Exchanges the code of the callback (its query string) and validates the ID token. */
  async complete(callbackQuery: string, attempt: LoginAttempt): Promise<LoginResult> {
    const configuration = await this.configuration();
    const callbackUrl = new URL(this.options.redirectUri);
    callbackUrl.search = callbackQuery;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    return { claims: tokens.claims()!, idToken: tokens.id_token!, refreshToken: tokens.refresh_token };
  }

  /** Where the browser goes to end its session at the issuer (the app's start page when it has no logout). */
  async logoutUrl(idToken: string | undefined): Promise<string> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return this.options.postLogoutRedirectUri;
    const parameters: Record<string, string> = { post_logout_redirect_uri: this.options.postLogoutRedirectUri, client_id: this.options.clientId };
    if (idToken) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  }

  async revoke(refreshToken: string): Promise<void> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().revocation_endpoint) return;
    await client.tokenRevocation(configuration, refreshToken, { token_type_hint: 'refresh_token' });
  }

  async #discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, idTokenAlg, fetch: customFetch } = this.options;
    const authentication = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
    const metadata: Partial<client.ClientMetadata> = { redirect_uris: [this.options.redirectUri], ...(idTokenAlg ? { id_token_signed_response_alg: idTokenAlg } : {}) };
    const insecure = new URL(issuer).protocol === 'http:';
    return client.discovery(new URL(issuer), clientId, metadata, authentication, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      ...(customFetch ? { [client.customFetch]: customFetch as unknown as client.CustomFetch } : {}),
    });
  }
}
