/**
 * A trade item (GS1): a specific item of a manufacturer or brand owner, e.g. Altimef (mefloquine by
 * one maker). Only trade items have lots. Each may be classified in several classification
 * systems, once per system (UNSPSC 51101902, GPC ...).
 */
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'trade_items' })
export class TradeItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'manufacturer_of_trade_item', type: 'text' })
  manufacturerOfTradeItem!: string;

  /** Unique when given, compared in its 14-digit form. */
  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** One classification of a trade item: the commodity type it belongs to in one system. */
@Entity({ name: 'trade_item_classifications' })
export class TradeItemClassification {
  @PrimaryColumn({ name: 'trade_item_id', type: 'uuid' })
  tradeItemId!: string;

  @PrimaryColumn({ name: 'classification_system', type: 'text' })
  classificationSystem!: string;

  @Column({ name: 'classification_id', type: 'text' })
  classificationId!: string;
}
