/** The body of POST and PUT /api/dispensingUnits, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface DispensingUnitInput extends CodedEntityInput {
  displayOrder: number;
}

export const validateDispensingUnit = codedEntityValidator<DispensingUnitInput>(
  'dispensingUnit',
  { displayOrder: { type: 'integer', minimum: 0, maximum: 2147483647 } },
  ['displayOrder'],
);
