/** A program (e.g. Family Planning, EPI): a grouping of orderables with its own requisition settings. */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'programs' })
export class Program extends CodedEntityColumns {
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
}
