/** The body of POST and PUT /api/tradeItems, validated with ajv (GTIN check digits are the service's). */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { ECHOED, NAME } from '../shared/coded-entity.schema.js';
import { CLASSIFICATION_TEXT } from '../commodity-types/commodity-type.schema.js';

export interface TradeItemClassificationInput {
  classificationSystem: string;
  classificationId: string;
}

export interface TradeItemInput {
  manufacturerOfTradeItem: string;
  gtin?: string | null;
  classifications: TradeItemClassificationInput[];
}

const schema = {
  type: 'object',
  properties: {
    manufacturerOfTradeItem: NAME,
    gtin: { type: 'string', nullable: true, maxLength: 64 },
    classifications: {
      type: 'array',
      maxItems: 50,
      default: [],
      items: {
        type: 'object',
        properties: { classificationSystem: CLASSIFICATION_TEXT, classificationId: CLASSIFICATION_TEXT },
        required: ['classificationSystem', 'classificationId'],
        additionalProperties: false,
      },
    },
  },
  required: ['manufacturerOfTradeItem'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<TradeItemInput>;

export const validateTradeItem = bodyValidator(schema, 'referenceData.error.tradeItem.invalid');
