/** The body of POST and PUT /facilityOperators, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { CODE, DESCRIPTION, NAME, ECHOED } from '../shared/coded-entity.schema.js';

export interface FacilityOperatorInput {
  code: string;
  name: string;
  description?: string | null;
  displayOrder?: number | null;
}

const schema = {
  type: 'object',
  properties: {
    code: CODE,
    name: NAME,
    description: DESCRIPTION,
    displayOrder: { type: 'integer', minimum: 0, nullable: true },
  },
  required: ['code', 'name'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<FacilityOperatorInput>;

export const validateFacilityOperator = bodyValidator(schema, 'referenceData.error.facilityOperator.invalid');
