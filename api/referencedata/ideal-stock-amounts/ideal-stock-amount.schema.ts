/**
 * Bodies of /api/idealStockAmounts, validated with ajv: one amount (POST, PUT /{id}) or a list of
 * them (PUT on the collection, which saves by facility, commodity type and period as OpenLMIS's
 * does). References are objects with an id; what a read returns may be sent back as is.
 */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';

export interface IdealStockAmountInput {
  /** An mCSD Location id of kind facility. */
  facility: { id: string };
  commodityType: { id: string };
  processingPeriod: { id: string };
  amount: number;
}

export const MAX_AMOUNTS_AT_ONCE = 10_000;
const MAX_INT = 2147483647;
const READ_ONLY = {} as const;
const FACILITY_ID = { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } as const;
const UUID = { type: 'string', format: 'uuid' } as const;

function reference(id: object, readOnly: string[]) {
  return {
    type: 'object',
    properties: { id, ...Object.fromEntries(readOnly.map((name) => [name, READ_ONLY])) },
    required: ['id'],
    additionalProperties: false,
  };
}

const amount = {
  type: 'object',
  properties: {
    facility: reference(FACILITY_ID, ['code', 'name']),
    commodityType: reference(UUID, ['name', 'classificationSystem', 'classificationId']),
    processingPeriod: reference(UUID, ['name', 'processingScheduleId', 'startDate', 'endDate']),
    amount: { type: 'integer', minimum: 0, maximum: MAX_INT },
    id: READ_ONLY,
    version: READ_ONLY,
  },
  required: ['facility', 'commodityType', 'processingPeriod', 'amount'],
  additionalProperties: false,
};

export const validateIdealStockAmount = bodyValidator(amount as unknown as JSONSchemaType<IdealStockAmountInput>, 'referenceData.error.idealStockAmount.invalid');

export const validateIdealStockAmounts = bodyValidator(
  { type: 'array', maxItems: MAX_AMOUNTS_AT_ONCE, items: amount } as unknown as JSONSchemaType<IdealStockAmountInput[]>,
  'referenceData.error.idealStockAmount.invalid',
);
