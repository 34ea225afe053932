/** Who operates a facility (Ministry of Health, CHAM, an NGO). */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'facility_operators' })
export class FacilityOperator extends CodedEntityColumns {
  @Column({ name: 'display_order', type: 'integer', nullable: true })
  displayOrder!: number | null;
}
