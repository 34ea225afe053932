/** The body of POST and PUT /api/processingSchedules, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export type ProcessingScheduleInput = CodedEntityInput;

export const validateProcessingSchedule = codedEntityValidator<ProcessingScheduleInput>('processingSchedule', {});
