/** Facility operators: unique case-sensitive codes; deactivated or left unused, never deleted. */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { FacilityOperator } from './facility-operator.entity.js';
import type { FacilityOperatorInput } from './facility-operator.schema.js';

export function facilityOperatorService(db: Repositories): CodedEntityService<FacilityOperator, FacilityOperatorInput> {
  return new CodedEntityService(db, FacilityOperator, {
    key: 'facilityOperator',
    label: 'Facility operator',
    ownFields: (input) => ({
      displayOrder: input.displayOrder ?? null,
    }),
  });
}
