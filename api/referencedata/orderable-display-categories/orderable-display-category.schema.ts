/** The body of POST and PUT /api/orderableDisplayCategories, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface OrderableDisplayCategoryInput extends CodedEntityInput {
  displayOrder: number;
}

export const validateOrderableDisplayCategory = codedEntityValidator<OrderableDisplayCategoryInput>(
  'orderableDisplayCategory',
  { displayOrder: { type: 'integer', minimum: 0, maximum: 2147483647 } },
  ['displayOrder'],
);
