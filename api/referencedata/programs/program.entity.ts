/** A program (e.g. Family Planning, EPI): a grouping of orderables with its own requisition settings. */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'programs' })
export class Program {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'periods_skippable', type: 'boolean' })
  periodsSkippable!: boolean;

  @Column({ name: 'show_non_full_supply_tab', type: 'boolean' })
  showNonFullSupplyTab!: boolean;

  @Column({ name: 'skip_authorization', type: 'boolean' })
  skipAuthorization!: boolean;

  @Column({ name: 'enable_date_physical_stock_count_completed', type: 'boolean' })
  enableDatePhysicalStockCountCompleted!: boolean;

  /** Optimistic locking: an update names the version it read (If-Match), a stale one gets 409. */
  @VersionColumn({ type: 'integer' })
  version!: number;
}
