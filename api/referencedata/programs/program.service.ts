/** Programs: unique case-sensitive codes; deactivated, never deleted (configuration guide, "Setup Programs"). */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { Program } from './program.entity.js';
import type { ProgramInput } from './program.schema.js';

export function programService(db: Repositories): CodedEntityService<Program, ProgramInput> {
  return new CodedEntityService(db, Program, {
    key: 'program',
    label: 'Program',
    ownFields: (input) => ({
      active: input.active,
      periodsSkippable: input.periodsSkippable,
      showNonFullSupplyTab: input.showNonFullSupplyTab,
      skipAuthorization: input.skipAuthorization,
      enableDatePhysicalStockCountCompleted: input.enableDatePhysicalStockCountCompleted,
    }),
  });
}
