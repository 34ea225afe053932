/** The body of POST and PUT /api/facilityTypes, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface FacilityTypeInput extends CodedEntityInput {
  displayOrder?: number | null;
  active: boolean;
}

export const validateFacilityType = codedEntityValidator<FacilityTypeInput>('facilityType', {
  displayOrder: { type: 'integer', minimum: 0, nullable: true },
  active: { type: 'boolean', default: true },
});
