/** A facility type (health centre, district hospital, warehouse): facility type approved products and templates vary by it. */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'facility_types' })
export class FacilityType extends CodedEntityColumns {
  @Column({ name: 'display_order', type: 'integer', nullable: true })
  displayOrder!: number | null;

  @Column({ name: 'active', type: 'boolean' })
  active!: boolean;
}
