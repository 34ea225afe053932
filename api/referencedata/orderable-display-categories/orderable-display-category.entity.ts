/**
 * An orderable display category, the guide's "product category": groups a program's orderables on
 * the requisition form (e.g. "Family Planning", display order 10). `name` is its display name.
 */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'orderable_display_categories' })
export class OrderableDisplayCategory extends CodedEntityColumns {
  /** Where the category and its orderables appear on the requisition form. */
  @Column({ name: 'display_order', type: 'integer' })
  displayOrder!: number;
}
