/**
 * A valid reason assignment: a reason offered to facilities of a type in a program. `hidden`
 * keeps it out of users' reason lists while services still use it (the requisition-linked
 * Consumed, Receipts and beginning balance reasons, configuration guide "Version Note").
 */
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StockCardLineItemReason } from '../stock-reasons/stock-reason.entity.js';

@Entity({ name: 'valid_reason_assignments' })
export class ValidReasonAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'facility_type_id', type: 'uuid' })
  facilityTypeId!: string;

  @Column({ name: 'reason_id', type: 'uuid' })
  reasonId!: string;

  @ManyToOne(() => StockCardLineItemReason, { nullable: false })
  @JoinColumn({ name: 'reason_id' })
  reason!: StockCardLineItemReason;

  @Column({ type: 'boolean' })
  hidden!: boolean;
}
