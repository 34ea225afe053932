/** Bodies of /api/processingPeriods (create, update) and of the period generator, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { DESCRIPTION, ECHOED, NAME } from '../shared/coded-entity.schema.js';

export interface ProcessingPeriodInput {
  processingScheduleId: string;
  name: string;
  description?: string | null;
  startDate: string;
  endDate: string;
  reportOnly: boolean;
}

export interface PeriodGeneratorInput {
  unit: 'month' | 'quarter';
  /** Periods are made until one ends on or after this day. */
  until: string;
  /** Where the first period starts, when the schedule has none yet. */
  startDate?: string;
  reportOnly: boolean;
}

const DAY = { type: 'string', format: 'date' } as const;

const periodSchema = {
  type: 'object',
  properties: {
    processingScheduleId: { type: 'string', format: 'uuid' },
    name: NAME,
    description: DESCRIPTION,
    startDate: DAY,
    endDate: DAY,
    reportOnly: { type: 'boolean', default: false },
    durationInMonths: {},
  },
  required: ['processingScheduleId', 'name', 'startDate', 'endDate'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<ProcessingPeriodInput>;

const generatorSchema = {
  type: 'object',
  properties: {
    unit: { type: 'string', enum: ['month', 'quarter'] },
    until: DAY,
    startDate: DAY,
    reportOnly: { type: 'boolean', default: false },
  },
  required: ['unit', 'until'],
  additionalProperties: false,
} as unknown as JSONSchemaType<PeriodGeneratorInput>;

export const validateProcessingPeriod = bodyValidator(periodSchema, 'referenceData.error.processingPeriod.invalid');
export const validatePeriodGenerator = bodyValidator(generatorSchema, 'referenceData.error.processingPeriod.invalid');
