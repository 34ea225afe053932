/** The body of POST /api/geographicZones and PUT /api/geographicZones/{id}, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { LATITUDE, LONGITUDE } from '../locations/coordinates.js';
import type { EntityRef } from '../locations/classifications.js';
import { ECHOED, NAME } from '../shared/coded-entity.schema.js';

export interface GeographicZoneInput {
  code: string;
  name: string;
  level: EntityRef;
  parent?: EntityRef | null;
  catchmentPopulation?: number | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** `{ "id": ... }` as OpenLMIS sends references, or `{ "code": ... }` as a script or import may. */
export const ENTITY_REF = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, code: { type: 'string', minLength: 1 } },
  minProperties: 1,
} as const;

const schema = {
  type: 'object',
  properties: {
    // A Location code: FHIR identifiers may not carry leading or trailing spaces.
    code: { type: 'string', minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$' },
    name: NAME,
    level: ENTITY_REF,
    parent: { ...ENTITY_REF, nullable: true },
    catchmentPopulation: { type: 'integer', minimum: 0, nullable: true },
    latitude: { ...LATITUDE, nullable: true },
    longitude: { ...LONGITUDE, nullable: true },
  },
  required: ['code', 'name', 'level'],
  additionalProperties: false,
  patternProperties: { ...ECHOED, '^(owner|lastUpdated|managedExternally)$': {} },
} as unknown as JSONSchemaType<GeographicZoneInput>;

export const validateGeographicZone = bodyValidator(schema, 'referenceData.error.geographicZone.invalid');
