/** The body of POST /api/programs and PUT /api/programs/{id}, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { CODE, DESCRIPTION, ECHOED, NAME } from '../shared/coded-entity.schema.js';

export interface ProgramInput {
  code: string;
  name: string;
  description?: string | null;
  active: boolean;
  periodsSkippable: boolean;
  showNonFullSupplyTab: boolean;
  skipAuthorization: boolean;
  enableDatePhysicalStockCountCompleted: boolean;
}

const schema: JSONSchemaType<ProgramInput> = {
  type: 'object',
  properties: {
    code: CODE,
    name: NAME,
    description: DESCRIPTION,
    active: { type: 'boolean', default: true },
    periodsSkippable: { type: 'boolean', default: false },
    showNonFullSupplyTab: { type: 'boolean', default: false },
    skipAuthorization: { type: 'boolean', default: false },
    enableDatePhysicalStockCountCompleted: { type: 'boolean', default: false },
  },
  required: ['code', 'name'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<ProgramInput>;

export const validateProgram = bodyValidator(schema, 'referenceData.error.program.invalid');
