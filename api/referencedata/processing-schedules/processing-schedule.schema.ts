/** The body of POST and PUT /processingSchedules, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { CODE, DESCRIPTION, ECHOED, NAME } from '../shared/coded-entity.schema.js';

export interface ProcessingScheduleInput {
  code: string;
  name: string;
  description?: string | null;
}

const schema = {
  type: 'object',
  properties: { code: CODE, name: NAME, description: DESCRIPTION },
  required: ['code', 'name'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<ProcessingScheduleInput>;

export const validateProcessingSchedule = bodyValidator(schema, 'referenceData.error.processingSchedule.invalid');
