/** The body of POST and PUT /api/stockCardLineItemReasons, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { DESCRIPTION, ECHOED, NAME } from '../shared/coded-entity.schema.js';
import { REASON_CATEGORIES, REASON_TYPES, type ReasonCategory, type ReasonType } from './stock-reason.entity.js';

export interface StockReasonInput {
  name: string;
  description?: string | null;
  reasonCategory: ReasonCategory;
  reasonType: ReasonType;
  /** Defaults to false. */
  isFreeTextAllowed?: boolean;
  /** Defaults to none. */
  tags?: string[];
}

const TAG = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

const schema = {
  type: 'object',
  properties: {
    name: NAME,
    description: DESCRIPTION,
    reasonCategory: { type: 'string', enum: REASON_CATEGORIES },
    reasonType: { type: 'string', enum: REASON_TYPES },
    isFreeTextAllowed: { type: 'boolean', default: false },
    tags: { type: 'array', items: TAG, maxItems: 50, default: [] },
  },
  required: ['name', 'reasonCategory', 'reasonType'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<StockReasonInput>;

const validate = bodyValidator(schema, 'referenceData.error.stockCardLineItemReason.invalid');

/** Validates, then drops repeated tags: a tag either applies to a reason or it does not. */
export function validateStockReason(body: unknown): StockReasonInput {
  const input = validate(body);
  return { ...input, tags: [...new Set(input.tags ?? [])] };
}
