/**
 * The platform's configuration: every environment variable Lastmile reads is parsed and
 * validated here, once, at start. A bad value throws a ConfigError naming the variable, which
 * the entry point prints as one line before exiting with code 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './paths.js';
import { EnvSourceError, sourcesFromEnv } from '../mediators/mcsd-consumer/sources/env-sources.js';
import type { SourceDefinition } from '../mediators/mcsd-consumer/sources/source-definition.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** TCP port the HTTP server listens on (0 picks a free one). */
  port: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /** External PostgreSQL; when undefined an embedded server is started in dataDir. */
  databaseUrl?: string;
  /** Where Lastmile keeps its own files (the embedded PostgreSQL cluster among them). */
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 picks a free one at each start. */
  embeddedDbPort: number;
  /** Maximum connections in the application's pool. */
  dbPoolMax: number;
  logLevel: LogLevel;
  /** How long a shutdown waits for in-flight requests before cutting connections. */
  shutdownTimeoutMs: number;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Base URL users reach the platform at (behind a proxy); printed at start. */
  publicUrl?: string;
  /** Load the demo country into an empty database at start (LASTMILE_DEMO, default true). */
  demo: boolean;
  /** OpenHIM core the mediators register with; undefined runs them standalone (OPENHIM_URL unset). */
  openhim?: OpenHimConfig;
  /** Registries the mCSD consumer pulls, from MCSD_SOURCES (JSON) or MCSD_SOURCES_FILE; secrets by env var name. */
  mcsdSources: SourceDefinition[];
  /** Run the mCSD consumer's sources on their interval in this process (MCSD_SCHEDULER, default true). */
  mcsdScheduler: boolean;
  /** NODE_ENV=production: no demo credentials (refused at start), the first administrator set explicitly. */
  production: boolean;
  /** Identity: the embedded OpenID Connect provider or an external one, tokens, passwords. */
  auth: AuthConfig;
}

export interface AuthConfig {
  /** OIDC_ISSUER_URL with its client: users sign in there and the embedded provider is off. */
  external?: ExternalIssuerConfig;
  /** OpenLMIS's grant_type=password at /api/oauth/token (OAUTH_PASSWORD_GRANT, default true). */
  passwordGrant: boolean;
  /** The public client the password grant accepts in HTTP Basic (OAUTH_PASSWORD_CLIENT=id:secret). */
  passwordClient: { id: string; secret: string };
  /** Lifetime of access and ID tokens, seconds (AUTH_ACCESS_TOKEN_TTL, default 900). */
  accessTokenTtl: number;
  refreshTokenTtl: number;
  /** Lifetime of sign-in sessions, seconds (AUTH_SESSION_TTL, default 12 h). */
  sessionTtl: number;
  /** Failed sign-ins in a row that lock an account (AUTH_LOCKOUT_ATTEMPTS, default 5; 0 never locks). */
  lockoutAttempts: number;
  lockoutSeconds: number;
  /** Extra delay per failed sign-in after the first (AUTH_LOGIN_FAILURE_DELAY_MS). */
  failureDelayMs: number;
  /** Refused sign-ins per minute and address before 429 (AUTH_LOGIN_RATE_LIMIT). */
  loginRateLimit: number;
  /** Age at which a start makes new signing and cookie keys current (AUTH_KEY_ROTATION_DAYS; 0 never). */
  keyRotationDays: number;
  /** The first administrator's password, used while nobody has one (LASTMILE_ADMIN_PASSWORD). */
  adminPassword?: string;
}

export interface ExternalIssuerConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** The claim that names the Lastmile user: preferred_username (default) or email (OIDC_USERNAME_CLAIM). */
  usernameClaim: string;
  /** The `aud` bearer tokens from the issuer must carry (OIDC_AUDIENCE, default the client id). */
  audience: string;
}

export interface OpenHimConfig {
  /** Base URL of OpenHIM core's management API, e.g. https://openhim-core:8080 */
  url: string;
  username: string;
  password: string;
  /** PEM text of the CA (or self-signed certificate) core's API presents (OPENHIM_CA_FILE). */
  ca?: string;
  /** Skips TLS verification of core's API: development only, warned about at every start. */
  tlsInsecure: boolean;
  heartbeatIntervalMs: number;
  /** Where core reaches Lastmile's mediator routes; defaults to PUBLIC_URL, then the bound URL. */
  mediatorUrl?: string;
  /** OpenHIM client roles allowed on the mCSD supplier channel. */
  supplierRoles: string[];
  /** OPENHIM_SUPPLIER_CLIENT=id:secret: the Lastmile service client consumers read /fhir as. */
  supplierClient?: { id: string; secret: string };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl);
  const publicUrl = optional(env, 'PUBLIC_URL');
  if (publicUrl !== undefined) checkHttpUrl('PUBLIC_URL', publicUrl);
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(optional(env, 'LASTMILE_DATA_DIR') ?? path.join(packageRoot, '.data')),
    embeddedDbPort: integer(env, 'LASTMILE_DB_PORT', 0, 0, 65535),
    dbPoolMax: integer(env, 'DB_POOL_MAX', 10, 1, 500),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    metricsToken: optional(env, 'METRICS_TOKEN'),
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    demo: boolean(env, 'LASTMILE_DEMO', true),
    openhim: openhimConfig(env),
    mcsdSources: mcsdSources(env),
    mcsdScheduler: boolean(env, 'MCSD_SCHEDULER', true),
    production: optional(env, 'NODE_ENV') === 'production',
    auth: authConfig(env, optional(env, 'NODE_ENV') === 'production'),
  };
}

function authConfig(env: Env, production: boolean): AuthConfig {
  const passwordClient = optional(env, 'OAUTH_PASSWORD_CLIENT') ?? 'user-client:changeme';
  const separator = passwordClient.indexOf(':');
  if (separator < 1 || separator === passwordClient.length - 1) throw new ConfigError('OAUTH_PASSWORD_CLIENT', 'must be client-id:secret');
  return {
    external: externalIssuerConfig(env, production),
    passwordGrant: boolean(env, 'OAUTH_PASSWORD_GRANT', true),
    passwordClient: { id: passwordClient.slice(0, separator), secret: passwordClient.slice(separator + 1) },
    accessTokenTtl: integer(env, 'AUTH_ACCESS_TOKEN_TTL', 900, 1, 86400),
    refreshTokenTtl: integer(env, 'AUTH_REFRESH_TOKEN_TTL', 14 * 86400, 60, 365 * 86400),
    sessionTtl: integer(env, 'AUTH_SESSION_TTL', 12 * 3600, 60, 30 * 86400),
    lockoutAttempts: integer(env, 'AUTH_LOCKOUT_ATTEMPTS', 5, 0, 1000),
    lockoutSeconds: integer(env, 'AUTH_LOCKOUT_SECONDS', 900, 1, 7 * 86400),
    failureDelayMs: integer(env, 'AUTH_LOGIN_FAILURE_DELAY_MS', 500, 0, 5000),
    loginRateLimit: integer(env, 'AUTH_LOGIN_RATE_LIMIT', 20, 1, 100000),
    keyRotationDays: integer(env, 'AUTH_KEY_ROTATION_DAYS', 90, 0, 3650),
    adminPassword: optional(env, 'LASTMILE_ADMIN_PASSWORD'),
  };
}

function externalIssuerConfig(env: Env, production: boolean): ExternalIssuerConfig | undefined {
  const issuerUrl = optional(env, 'OIDC_ISSUER_URL');
  if (issuerUrl === undefined) return undefined;
  checkHttpUrl('OIDC_ISSUER_URL', issuerUrl);
  if (production && !issuerUrl.startsWith('https:')) throw new ConfigError('OIDC_ISSUER_URL', 'must be https in production');
  const clientId = required(env, 'OIDC_CLIENT_ID', 'OIDC_ISSUER_URL');
  const usernameClaim = optional(env, 'OIDC_USERNAME_CLAIM') ?? 'preferred_username';
  if (!/^[A-Za-z_][\w.:-]{0,63}$/.test(usernameClaim)) throw new ConfigError('OIDC_USERNAME_CLAIM', `must be a claim name such as preferred_username or email, got "${usernameClaim}"`);
  return {
    issuerUrl: issuerUrl.replace(/\/+$/, ''),
    clientId,
    clientSecret: required(env, 'OIDC_CLIENT_SECRET', 'OIDC_ISSUER_URL'),
    usernameClaim,
    audience: optional(env, 'OIDC_AUDIENCE') ?? clientId,
  };
}

function openhimConfig(env: Env): OpenHimConfig | undefined {
  const url = optional(env, 'OPENHIM_URL');
  if (url === undefined) return undefined;
  checkHttpUrl('OPENHIM_URL', url);
  const mediatorUrl = optional(env, 'OPENHIM_MEDIATOR_URL');
  if (mediatorUrl !== undefined) checkHttpUrl('OPENHIM_MEDIATOR_URL', mediatorUrl);
  const roles = (optional(env, 'OPENHIM_SUPPLIER_ROLES') ?? 'mcsd-client').split(',').map((role) => role.trim()).filter(Boolean);
  const badRole = roles.find((role) => !/^[\w.-]+$/.test(role));
  if (roles.length === 0 || badRole !== undefined) {
    throw new ConfigError('OPENHIM_SUPPLIER_ROLES', `must be a comma-separated list of OpenHIM client roles, got "${env.OPENHIM_SUPPLIER_ROLES}"`);
  }
  return {
    url: url.replace(/\/+$/, ''),
    username: required(env, 'OPENHIM_USERNAME', 'OPENHIM_URL'),
    password: required(env, 'OPENHIM_PASSWORD', 'OPENHIM_URL'),
    ca: readPemFile(env, 'OPENHIM_CA_FILE'),
    tlsInsecure: boolean(env, 'OPENHIM_TLS_INSECURE', false),
    // Core shows a mediator as down after 60 s without a heartbeat.
    heartbeatIntervalMs: integer(env, 'OPENHIM_HEARTBEAT_INTERVAL_MS', 10000, 50, 30000),
    mediatorUrl: mediatorUrl?.replace(/\/+$/, ''),
    supplierRoles: roles,
    supplierClient: serviceClient(env),
  };
}

function required(env: Env, name: string, because: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(name, `is required when ${because} is set`);
  return value;
}

function readPemFile(env: Env, name: string): string | undefined {
  const file = optional(env, name);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(name, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(name, `${file} holds no PEM certificate`);
  return text;
}

function mcsdSources(env: Env): SourceDefinition[] {
  try {
    return sourcesFromEnv(env);
  } catch (error) {
    if (error instanceof EnvSourceError) throw new ConfigError(error.variable, error.detail);
    throw error;
  }
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function serviceClient(env: Env): { id: string; secret: string } | undefined {
  const raw = optional(env, 'OPENHIM_SUPPLIER_CLIENT');
  if (raw === undefined) return undefined;
  const colon = raw.indexOf(':');
  if (colon < 1 || colon === raw.length - 1) throw new ConfigError('OPENHIM_SUPPLIER_CLIENT', 'must be client-id:secret');
  return { id: raw.slice(0, colon), secret: raw.slice(colon + 1) };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function checkDatabaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user:password@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use the postgres:// scheme, got "${url.protocol}//"`);
  }
  if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'names no database');
}

function checkHttpUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
}

/** The database URL with its password masked, for messages and logs. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
