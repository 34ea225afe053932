/**
 * A requisition group ties member facilities to one supervisory node (where their requisitions go
 * for approval) and says on which processing schedule each of its programs runs.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'requisition_groups' })
export class RequisitionGroup extends CodedEntityColumns {
  /** A node supervises at most one requisition group. */
  @Column({ name: 'supervisory_node_id', type: 'uuid' })
  supervisoryNodeId!: string;
}

@Entity({ name: 'requisition_group_members' })
export class RequisitionGroupMember {
  @PrimaryColumn({ name: 'requisition_group_id', type: 'uuid' })
  requisitionGroupId!: string;

  /** A FHIR Location id of kind facility. */
  @PrimaryColumn({ name: 'facility_id', type: 'text' })
  facilityId!: string;
}

/** OpenLMIS "requisition group program schedule": one per program of the group. */
@Entity({ name: 'requisition_group_program_schedules' })
export class RequisitionGroupProgramSchedule {
  @PrimaryColumn({ name: 'requisition_group_id', type: 'uuid' })
  requisitionGroupId!: string;

  @PrimaryColumn({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'processing_schedule_id', type: 'uuid' })
  processingScheduleId!: string;

  /** Shipments go to the requesting facility itself; otherwise to the drop-off facility, if named. */
  @Column({ name: 'direct_delivery', type: 'boolean' })
  directDelivery!: boolean;

  @Column({ name: 'drop_off_facility_id', type: 'text', nullable: true })
  dropOffFacilityId!: string | null;
}
