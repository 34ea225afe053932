/**
 * Facility type approved products (FTAPs): which orderables facilities of a type may requisition
 * under a program, and how much stock they keep (in periods). Versioned as in OpenLMIS: the
 * approved product row names what it approves and points at its latest version; every change
 * writes a new version and keeps the old ones, so a requisition keeps the one it was made with.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The approved product itself: what it approves (never changes) and its latest version. */
@Entity({ name: 'facility_type_approved_products' })
export class FacilityTypeApprovedProduct {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'facility_type_id', type: 'uuid' })
  facilityTypeId!: string;

  /** The orderable, whatever its version: reads show its latest version. */
  @Column({ name: 'orderable_id', type: 'uuid' })
  orderableId!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  /** The latest version's, kept here for the "one active per facility type, orderable and program" index. */
  @Column({ type: 'boolean' })
  active!: boolean;
}

/** One version of an approved product, never changed once written. */
@Entity({ name: 'facility_type_approved_product_versions' })
export class FacilityTypeApprovedProductVersion {
  @PrimaryColumn({ name: 'approved_product_id', type: 'uuid' })
  approvedProductId!: string;

  @PrimaryColumn({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  /** Periods of stock the maximum stock quantity is computed from (a Double in OpenLMIS). */
  @Column({ name: 'max_periods_of_stock', type: 'double precision' })
  maxPeriodsOfStock!: number;

  @Column({ name: 'min_periods_of_stock', type: 'double precision', nullable: true })
  minPeriodsOfStock!: number | null;

  /** Shown on requisitions as a guideline; no calculation uses it. */
  @Column({ name: 'emergency_order_point', type: 'double precision', nullable: true })
  emergencyOrderPoint!: number | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'last_updated', type: 'timestamptz', default: () => 'now()' })
  lastUpdated!: Date;
}
