/** A processing schedule (monthly, quarterly): the calendar on which facilities are replenished. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'processing_schedules' })
export class ProcessingSchedule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
