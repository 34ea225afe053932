/** The body of POST /api/facilities and PUT /api/facilities/{id}, validated with ajv (OpenLMIS's shape). */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { LATITUDE, LONGITUDE } from '../locations/coordinates.js';
import type { EntityRef } from '../locations/classifications.js';
import { DESCRIPTION, ECHOED, NAME } from '../shared/coded-entity.schema.js';
import { ENTITY_REF } from '../geographic-zones/geographic-zone.schema.js';

export interface SupportedProgramInput extends EntityRef {
  supportActive: boolean;
  supportLocallyFulfilled: boolean;
  supportStartDate?: string | null;
}

export interface FacilityInput {
  code: string;
  name: string;
  description?: string | null;
  geographicZone: EntityRef;
  type: EntityRef;
  operator?: EntityRef | null;
  active: boolean;
  enabled: boolean;
  goLiveDate: string;
  goDownDate?: string | null;
  comment?: string | null;
  location?: { latitude: number; longitude: number } | null;
  supportedPrograms: SupportedProgramInput[];
}

const DATE = { type: 'string', format: 'date' } as const;

const schema = {
  type: 'object',
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$' },
    name: NAME,
    description: DESCRIPTION,
    geographicZone: ENTITY_REF,
    type: ENTITY_REF,
    operator: { ...ENTITY_REF, nullable: true },
    active: { type: 'boolean' },
    enabled: { type: 'boolean' },
    goLiveDate: DATE,
    goDownDate: { ...DATE, nullable: true },
    comment: { type: 'string', maxLength: 2000, nullable: true },
    location: {
      type: 'object',
      properties: { latitude: LATITUDE, longitude: LONGITUDE },
      required: ['latitude', 'longitude'],
      additionalProperties: false,
      nullable: true,
    },
    supportedPrograms: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        properties: {
          ...ENTITY_REF.properties,
          supportActive: { type: 'boolean', default: false },
          supportLocallyFulfilled: { type: 'boolean', default: false },
          supportStartDate: { ...DATE, nullable: true },
        },
        minProperties: 1,
        // name echoed back from a read is harmless
        patternProperties: { '^name$': {} },
        additionalProperties: false,
      },
    },
  },
  required: ['code', 'name', 'geographicZone', 'type', 'active', 'enabled', 'goLiveDate'],
  additionalProperties: false,
  patternProperties: { ...ECHOED, '^(owner|lastUpdated|managedExternally)$': {} },
} as unknown as JSONSchemaType<FacilityInput>;

export const validateFacility = bodyValidator(schema, 'referenceData.error.facility.invalid');
