/** Dispensing units: unique case-sensitive codes; never deleted (orderable versions refer to them). */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { DispensingUnit } from './dispensing-unit.entity.js';
import type { DispensingUnitInput } from './dispensing-unit.schema.js';

export function dispensingUnitService(db: Repositories): CodedEntityService<DispensingUnit, DispensingUnitInput> {
  return new CodedEntityService(db, DispensingUnit, {
    key: 'dispensingUnit',
    label: 'Dispensing unit',
    ownFields: (input) => ({ displayOrder: input.displayOrder }),
  });
}
