/**
 * An OAuth client of the embedded identity provider: a mediator or partner system (client
 * credentials with SMART system scopes), or an application that logs users in (authorization code
 * with PKCE). Secrets are stored only as argon2id hashes; a registry's sync client names the
 * registry it owns, which ends up in its tokens.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
export type ClientGrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

@Entity({ name: 'oauth_clients' })
export class OAuthClient {
  @PrimaryColumn({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** argon2id hash of the secret; null for a public client (auth method `none`). */
  @Column({ name: 'secret_hash', type: 'text', nullable: true })
  secretHash!: string | null;

  @Column({ name: 'auth_method', type: 'text' })
  authMethod!: ClientAuthMethod;

  @Column({ name: 'grant_types', type: 'text', array: true })
  grantTypes!: ClientGrantType[];

  @Column({ name: 'redirect_uris', type: 'text', array: true })
  redirectUris!: string[];

  @Column({ name: 'post_logout_redirect_uris', type: 'text', array: true })
  postLogoutRedirectUris!: string[];

  /** The SMART system scopes the client may be granted (wildcards allowed). */
  @Column({ name: 'allowed_scopes', type: 'text', array: true })
  allowedScopes!: string[];

  /** For a registry's sync client: the registry whose Locations it owns. */
  @Column({ name: 'owner_registry', type: 'text', nullable: true })
  ownerRegistry!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
