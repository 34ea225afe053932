/**
 * A dispensing unit, the guide's "dosage unit" (mg, ml, tablet, each): what one dose given to a
 * patient is counted in. Orderables name theirs as their dispensable.
 */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'dispensing_units' })
export class DispensingUnit extends CodedEntityColumns {
  /** The order in which units are offered when a product is created or edited. */
  @Column({ name: 'display_order', type: 'integer' })
  displayOrder!: number;
}
