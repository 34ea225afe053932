/**
 * A node: whatever stock can come from or go to, as OpenLMIS stock management models it. It is a
 * facility (an mCSD Location id, checked through the facility directory, so no foreign key) or an
 * organization, never both. Valid source and destination assignments refer to nodes, and stock
 * history will too (a receive's source, an issue's destination), so nodes are never deleted.
 */
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'stock_nodes' })
export class StockNode {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'facility_id', type: 'text', nullable: true })
  facilityId!: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;
}
