/**
 * A stock management organization (configuration guide, "Setup new organizations for Stock
 * Management events"): a source or destination that is not a facility, such as a donor or a
 * funeral home. Names and codes are unique; stock history may name it, so it is deactivated,
 * never deleted.
 */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'stock_organizations' })
export class Organization extends CodedEntityColumns {
  /** An inactive organization keeps its assignments but cannot be assigned anew. */
  @Column({ type: 'boolean' })
  active!: boolean;
}
