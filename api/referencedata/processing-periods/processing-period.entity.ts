/** A processing period: one interval of a schedule, for which facilities report and requisition. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'processing_periods' })
export class ProcessingPeriod {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'processing_schedule_id', type: 'uuid' })
  processingScheduleId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Calendar days, 'YYYY-MM-DD'. */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  /** Requisitions for a report-only period ask for no quantities and make no order. */
  @Column({ name: 'report_only', type: 'boolean' })
  reportOnly!: boolean;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
