/**
 * A supervisory node: a logical control point (not a place) through which requisitions are routed
 * for review and approval. Nodes form a tree: a requisition climbs to the parent when the node has
 * no supply line for its program.
 */
import { Column, Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'supervisory_nodes' })
export class SupervisoryNode extends CodedEntityColumns {
  /** The facility associated with the node (a FHIR Location id), e.g. the district office. */
  @Column({ name: 'facility_id', type: 'text', nullable: true })
  facilityId!: string | null;

  /** The node above this one in the approval hierarchy; null at the top. */
  @Column({ name: 'parent_node_id', type: 'uuid', nullable: true })
  parentNodeId!: string | null;
}
