/** The body of POST and PUT /api/lots, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { ECHOED } from '../shared/coded-entity.schema.js';

export interface LotInput {
  lotCode: string;
  tradeItemId: string;
  expirationDate?: string | null;
  manufactureDate?: string | null;
  active: boolean;
}

const DAY = { type: 'string', format: 'date', nullable: true } as const;

const schema = {
  type: 'object',
  properties: {
    lotCode: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
    tradeItemId: { type: 'string', format: 'uuid' },
    expirationDate: DAY,
    manufactureDate: DAY,
    active: { type: 'boolean', default: true },
  },
  required: ['lotCode', 'tradeItemId'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<LotInput>;

export const validateLot = bodyValidator(schema, 'referenceData.error.lot.invalid');
