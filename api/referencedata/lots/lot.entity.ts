/**
 * A lot (batch) of a trade item: its code is unique for that trade item, and its dates drive
 * expiry tracking and recalls. Lots are deactivated, never deleted: stock cards refer to them.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'lots' })
export class Lot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'lot_code', type: 'text' })
  lotCode!: string;

  @Column({ name: 'trade_item_id', type: 'uuid' })
  tradeItemId!: string;

  /** Calendar days, 'YYYY-MM-DD'. */
  @Column({ name: 'expiration_date', type: 'date', nullable: true })
  expirationDate!: string | null;

  @Column({ name: 'manufacture_date', type: 'date', nullable: true })
  manufactureDate!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
