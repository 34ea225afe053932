/** The body of POST and PUT /geographicLevels, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { CODE, DESCRIPTION, NAME, ECHOED } from '../shared/coded-entity.schema.js';

export interface GeographicLevelInput {
  code: string;
  name: string;
  description?: string | null;
  levelNumber: number;
}

const schema = {
  type: 'object',
  properties: {
    code: CODE,
    name: NAME,
    description: DESCRIPTION,
    levelNumber: { type: 'integer', minimum: 1 },
  },
  required: ['code', 'name', 'levelNumber'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<GeographicLevelInput>;

export const validateGeographicLevel = bodyValidator(schema, 'referenceData.error.geographicLevel.invalid');
