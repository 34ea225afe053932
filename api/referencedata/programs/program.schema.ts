/** The body of POST /api/programs and PUT /api/programs/{id}, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';

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
    code: { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' },
    name: { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' },
    description: { type: 'string', nullable: true, maxLength: 2000 },
    active: { type: 'boolean', default: true },
    periodsSkippable: { type: 'boolean', default: false },
    showNonFullSupplyTab: { type: 'boolean', default: false },
    skipAuthorization: { type: 'boolean', default: false },
    enableDatePhysicalStockCountCompleted: { type: 'boolean', default: false },
  },
  required: ['code', 'name'],
  // id and version may be echoed back from a read; anything else is a mistake worth reporting.
  additionalProperties: false,
  patternProperties: { '^(id|version)$': {} },
} as unknown as JSONSchemaType<ProgramInput>;

export const validateProgram = bodyValidator(schema, 'referenceData.error.program.invalid');
