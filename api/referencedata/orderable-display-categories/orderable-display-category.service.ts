/** Orderable display categories: unique case-sensitive codes; never deleted (orderable versions refer to them). */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { OrderableDisplayCategory } from './orderable-display-category.entity.js';
import type { OrderableDisplayCategoryInput } from './orderable-display-category.schema.js';

export function orderableDisplayCategoryService(db: Repositories): CodedEntityService<OrderableDisplayCategory, OrderableDisplayCategoryInput> {
  return new CodedEntityService(db, OrderableDisplayCategory, {
    key: 'orderableDisplayCategory',
    label: 'Orderable display category',
    ownFields: (input) => ({ displayOrder: input.displayOrder }),
  });
}
