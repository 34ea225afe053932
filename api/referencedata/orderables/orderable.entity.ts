/**
 * Orderables (what a requisition orders, "products" in OpenLMIS 2) are versioned as in OpenLMIS:
 * every change writes a new version and keeps the old ones, so a requisition keeps seeing the
 * version it was made with. `orderables` holds one row per orderable pointing at its latest
 * version; `orderable_versions` and the tables below hold every version's content.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The orderable itself: its current product code and latest version. */
@Entity({ name: 'orderables' })
export class Orderable {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The latest version's product code: unique and case-sensitive across orderables. */
  @Column({ name: 'product_code', type: 'text' })
  productCode!: string;

  @Column({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  /** The latest version's trade item: a trade item has at most one orderable (configuration guide). */
  @Column({ name: 'trade_item_id', type: 'uuid', nullable: true })
  tradeItemId!: string | null;
}

/** One version of an orderable, never changed once written. */
@Entity({ name: 'orderable_versions' })
export class OrderableVersion {
  @PrimaryColumn({ name: 'orderable_id', type: 'uuid' })
  orderableId!: string;

  @PrimaryColumn({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @Column({ name: 'product_code', type: 'text' })
  productCode!: string;

  @Column({ name: 'full_product_name', type: 'text' })
  fullProductName!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Dispensing units in one pack (the former "pack size"). */
  @Column({ name: 'net_content', type: 'integer' })
  netContent!: number;

  /** Left-over dispensing units beyond which an order rounds up to one more pack. */
  @Column({ name: 'pack_rounding_threshold', type: 'integer' })
  packRoundingThreshold!: number;

  @Column({ name: 'round_to_zero', type: 'boolean' })
  roundToZero!: boolean;

  /** The dispensable: the unit one dose is counted in. */
  @Column({ name: 'dispensing_unit_id', type: 'uuid', nullable: true })
  dispensingUnitId!: string | null;

  @Column({ name: 'trade_item_id', type: 'uuid', nullable: true })
  tradeItemId!: string | null;

  @Column({ name: 'commodity_type_id', type: 'uuid', nullable: true })
  commodityTypeId!: string | null;

  /** Free settings other modules read, e.g. `useVVM` for proofs of delivery. */
  @Column({ name: 'extra_data', type: 'jsonb' })
  extraData!: Record<string, unknown>;

  @Column({ name: 'last_updated', type: 'timestamptz', default: () => 'now()' })
  lastUpdated!: Date;
}

/** How one program orders one orderable version: its category, position, price, ... */
@Entity({ name: 'orderable_programs' })
export class OrderableProgram {
  @PrimaryColumn({ name: 'orderable_id', type: 'uuid' })
  orderableId!: string;

  @PrimaryColumn({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @PrimaryColumn({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'orderable_display_category_id', type: 'uuid' })
  orderableDisplayCategoryId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'full_supply', type: 'boolean' })
  fullSupply!: boolean;

  @Column({ name: 'display_order', type: 'integer' })
  displayOrder!: number;

  @Column({ name: 'doses_per_patient', type: 'integer', nullable: true })
  dosesPerPatient!: number | null;

  /** Money: an exact decimal, read back as text (never a binary float). */
  @Column({ name: 'price_per_pack', type: 'numeric', precision: 19, scale: 4, nullable: true })
  pricePerPack!: string | null;
}

/** One item of a kit version: another orderable and how many of it the kit holds. */
@Entity({ name: 'orderable_children' })
export class OrderableChild {
  @PrimaryColumn({ name: 'orderable_id', type: 'uuid' })
  orderableId!: string;

  @PrimaryColumn({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ type: 'integer' })
  quantity!: number;
}
