/**
 * An ideal stock amount (ISA): the target number of doses of a commodity type a facility should
 * hold in a period, from its catchment population. Requisitions read it by the orderable's
 * commodity type. One per facility, commodity type and period.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'ideal_stock_amounts' })
export class IdealStockAmount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** An mCSD Location id (facilities are FHIR Locations, not rows of ours). */
  @Column({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @Column({ name: 'commodity_type_id', type: 'uuid' })
  commodityTypeId!: string;

  @Column({ name: 'processing_period_id', type: 'uuid' })
  processingPeriodId!: string;

  @Column({ type: 'integer' })
  amount!: number;

  /** An update names the version it read (If-Match or the body's version); a stale one gets 409. */
  @VersionColumn({ type: 'integer' })
  version!: number;
}
