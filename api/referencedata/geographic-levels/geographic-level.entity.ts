/** A level of the geographic hierarchy (1 Country, 2 Region, 3 District): each zone has one. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'geographic_levels' })
export class GeographicLevel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'level_number', type: 'integer' })
  levelNumber!: number;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
