/**
 * A source: one external mCSD update supplier (a national facility registry) this consumer pulls.
 * Its name becomes the owner of everything it brings. Secrets are never part of a definition:
 * auth names the environment variable that holds the password or client secret, read at each
 * run, so neither the database nor the API ever sees the secret itself.
 */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../../api/http/validation.js';

/** What ITI-91 pulls, in the order the issue asks for: Locations, then Organizations, then services. */
export const SYNC_TYPES = ['Location', 'Organization', 'HealthcareService'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

export type SourceAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; passwordEnv: string }
  | { type: 'oauth2'; tokenUrl: string; clientId: string; clientSecretEnv: string; scope?: string };

export interface SourceDefinition {
  /** Also the owner registry name of what the source brings. */
  name: string;
  /** The supplier's FHIR base, e.g. https://mfl.example.org/fhir */
  baseUrl: string;
  auth: SourceAuth;
  resourceTypes: SyncType[];
  /** Pull every so many seconds inside the app; null: only on demand. */
  intervalSeconds: number | null;
  /** Besides Lastmile's code system, the identifier system that links registry records to ours. */
  identifierSystem: string | null;
  /** Prepended to registry ids to make local ids (for registries whose ids could collide, e.g. "1"). */
  idPrefix: string;
  /** `_count` asked of the supplier per page. */
  pageSize: number;
  enabled: boolean;
}

const ENV_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' };
const HTTP_URL = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 };

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', not: { const: 'lastmile' } },
    baseUrl: HTTP_URL,
    auth: {
      type: 'object',
      default: { type: 'none' },
      oneOf: [
        { properties: { type: { const: 'none' } }, required: ['type'], additionalProperties: false },
        {
          properties: { type: { const: 'basic' }, username: { type: 'string', minLength: 1, maxLength: 200 }, passwordEnv: ENV_NAME },
          required: ['type', 'username', 'passwordEnv'],
          additionalProperties: false,
        },
        {
          properties: {
            type: { const: 'oauth2' }, tokenUrl: HTTP_URL, clientId: { type: 'string', minLength: 1, maxLength: 200 },
            clientSecretEnv: ENV_NAME, scope: { type: 'string', maxLength: 500 },
          },
          required: ['type', 'tokenUrl', 'clientId', 'clientSecretEnv'],
          additionalProperties: false,
        },
      ],
    },
    resourceTypes: { type: 'array', items: { enum: [...SYNC_TYPES] }, minItems: 1, uniqueItems: true, default: [...SYNC_TYPES] },
    intervalSeconds: { type: ['integer', 'null'], minimum: 5, maximum: 31_536_000, default: null },
    identifierSystem: { type: ['string', 'null'], format: 'uri', maxLength: 2000, default: null },
    idPrefix: { type: 'string', pattern: '^[A-Za-z0-9.-]{0,20}$', default: '' },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 500 },
    enabled: { type: 'boolean', default: true },
    // Echoed by clients that PUT back what they read: accepted and ignored.
    id: {}, version: {}, managedBy: {}, checkpoints: {}, createdAt: {}, updatedAt: {}, lastRun: {}, pullInProgress: {},
  },
  required: ['name', 'baseUrl'],
  additionalProperties: false,
} as unknown as JSONSchemaType<SourceDefinition>;

const validate = bodyValidator(schema, 'registrySync.error.source.invalid');

/** A definition from an API body or the environment; throws ApiError 400 listing every problem. */
export function sourceDefinition(body: unknown): SourceDefinition {
  // ajv fills defaults in place: work on a copy so the caller's object is left as it was.
  const copy = structuredClone(body) as Record<string, unknown>;
  const valid = validate(copy);
  const sorted = SYNC_TYPES.filter((type) => valid.resourceTypes.includes(type));
  return {
    name: valid.name,
    baseUrl: valid.baseUrl.replace(/\/+$/, ''),
    auth: valid.auth,
    resourceTypes: sorted,
    intervalSeconds: valid.intervalSeconds ?? null,
    identifierSystem: valid.identifierSystem ?? null,
    idPrefix: valid.idPrefix,
    pageSize: valid.pageSize,
    enabled: valid.enabled,
  };
}
