/** A facility type (health centre, district hospital, warehouse): facility type approved products and templates vary by it. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'facility_types' })
export class FacilityType {
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

  @Column({ name: 'active', type: 'boolean' })
  active!: boolean;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
