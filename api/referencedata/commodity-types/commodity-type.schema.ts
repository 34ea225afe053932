/** The body of POST and PUT /api/commodityTypes, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { ECHOED, NAME } from '../shared/coded-entity.schema.js';

export interface CommodityTypeInput {
  name: string;
  classificationSystem: string;
  classificationId: string;
  /** The broader type this one belongs to, in the same classification system. */
  parentId?: string | null;
}

/** A code of a classification system ("UNSPSC") or of a class within it ("51101902"). */
export const CLASSIFICATION_TEXT = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

const schema = {
  type: 'object',
  properties: {
    name: NAME,
    classificationSystem: CLASSIFICATION_TEXT,
    classificationId: CLASSIFICATION_TEXT,
    parentId: { type: 'string', format: 'uuid', nullable: true },
  },
  required: ['name', 'classificationSystem', 'classificationId'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<CommodityTypeInput>;

export const validateCommodityType = bodyValidator(schema, 'referenceData.error.commodityType.invalid');
