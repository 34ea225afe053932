/** The body of POST and PUT /api/facilityOperators, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface FacilityOperatorInput extends CodedEntityInput {
  displayOrder?: number | null;
}

export const validateFacilityOperator = codedEntityValidator<FacilityOperatorInput>('facilityOperator', {
  displayOrder: { type: 'integer', minimum: 0, nullable: true },
});
