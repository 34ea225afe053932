/** The body of POST /api/validReasons (OpenLMIS's shape): { programId, facilityTypeId, reason: { id }, hidden }. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { ECHOED } from '../shared/coded-entity.schema.js';

export interface ValidReasonInput {
  programId: string;
  facilityTypeId: string;
  reason: { id: string };
  /** Defaults to false (shown). */
  hidden?: boolean;
}

const UUID = { type: 'string', format: 'uuid' } as const;

const schema = {
  type: 'object',
  properties: {
    programId: UUID,
    facilityTypeId: UUID,
    // The OpenLMIS UI sends the whole reason it picked; only its id matters here.
    reason: { type: 'object', properties: { id: UUID }, required: ['id'], additionalProperties: true },
    hidden: { type: 'boolean', default: false },
  },
  required: ['programId', 'facilityTypeId', 'reason'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<ValidReasonInput>;

export const validateValidReason = bodyValidator(schema, 'referenceData.error.validReason.invalid');
