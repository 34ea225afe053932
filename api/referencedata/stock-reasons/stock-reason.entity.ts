/**
 * A stock card line item reason (configuration guide, "Setup Adjustment Reasons"): why stock moved.
 * Its type says how the quantity counts towards stock on hand; its category says which kind of
 * stock event may use it. Stock history refers to reasons, so they are never deleted.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const REASON_CATEGORIES = ['TRANSFER', 'ADJUSTMENT', 'PHYSICAL_INVENTORY', 'AGGREGATION'] as const;
export const REASON_TYPES = ['CREDIT', 'DEBIT', 'BALANCE_ADJUSTMENT'] as const;

export type ReasonCategory = (typeof REASON_CATEGORIES)[number];
export type ReasonType = (typeof REASON_TYPES)[number];

@Entity({ name: 'stock_card_line_item_reasons' })
export class StockCardLineItemReason {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'reason_category', type: 'text' })
  reasonCategory!: ReasonCategory;

  @Column({ name: 'reason_type', type: 'text' })
  reasonType!: ReasonType;

  @Column({ name: 'is_free_text_allowed', type: 'boolean' })
  isFreeTextAllowed!: boolean;

  /** Free labels that group reasons in reports and stock-based requisitions ("received", "consumed"). */
  @Column({ type: 'text', array: true })
  tags!: string[];

  @VersionColumn({ type: 'integer' })
  version!: number;
}
