/** The body of POST and PUT /facilityTypes, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { CODE, DESCRIPTION, NAME, ECHOED } from '../shared/coded-entity.schema.js';

export interface FacilityTypeInput {
  code: string;
  name: string;
  description?: string | null;
  displayOrder?: number | null;
  active: boolean;
}

const schema = {
  type: 'object',
  properties: {
    code: CODE,
    name: NAME,
    description: DESCRIPTION,
    displayOrder: { type: 'integer', minimum: 0, nullable: true },
    active: { type: 'boolean', default: true },
  },
  required: ['code', 'name'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<FacilityTypeInput>;

export const validateFacilityType = bodyValidator(schema, 'referenceData.error.facilityType.invalid');
