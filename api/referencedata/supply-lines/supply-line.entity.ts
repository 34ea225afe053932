/**
 * A supply line: which facility (usually a warehouse) fills the orders that a supervisory node
 * releases for a program. One per node and program.
 */
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'supply_lines' })
export class SupplyLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Optional (OpenLMIS supply lines have none); unique and case-sensitive when given. */
  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'supervisory_node_id', type: 'uuid' })
  supervisoryNodeId!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  /** A FHIR Location id of kind facility. */
  @Column({ name: 'supplying_facility_id', type: 'text' })
  supplyingFacilityId!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
