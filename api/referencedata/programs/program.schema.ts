/** The body of POST /api/programs and PUT /api/programs/{id}, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface ProgramInput extends CodedEntityInput {
  active: boolean;
  periodsSkippable: boolean;
  showNonFullSupplyTab: boolean;
  skipAuthorization: boolean;
  enableDatePhysicalStockCountCompleted: boolean;
}

export const validateProgram = codedEntityValidator<ProgramInput>('program', {
  active: { type: 'boolean', default: true },
  periodsSkippable: { type: 'boolean', default: false },
  showNonFullSupplyTab: { type: 'boolean', default: false },
  skipAuthorization: { type: 'boolean', default: false },
  enableDatePhysicalStockCountCompleted: { type: 'boolean', default: false },
});
