/** Who operates a facility (Ministry of Health, CHAM, NGO); published on facility Locations as managingOrganization. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'facility_operators' })
export class FacilityOperator {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'display_order', type: 'integer', nullable: true })
  displayOrder!: number | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
