/** Facility types: unique case-sensitive codes; deactivated or left unused, never deleted. */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { FacilityType } from './facility-type.entity.js';
import type { FacilityTypeInput } from './facility-type.schema.js';

export function facilityTypeService(db: Repositories): CodedEntityService<FacilityType, FacilityTypeInput> {
  return new CodedEntityService(db, FacilityType, {
    key: 'facilityType',
    label: 'Facility type',
    ownFields: (input) => ({
      displayOrder: input.displayOrder ?? null,
      active: input.active,
    }),
  });
}
