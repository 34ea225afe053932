/** The body of POST and PUT /api/geographicLevels, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface GeographicLevelInput extends CodedEntityInput {
  levelNumber: number;
}

export const validateGeographicLevel = codedEntityValidator<GeographicLevelInput>('geographicLevel', { levelNumber: { type: 'integer', minimum: 1 } }, ['levelNumber']);
