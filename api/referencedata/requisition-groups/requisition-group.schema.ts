/**
 * The body of POST /api/requisitionGroups and PUT /api/requisitionGroups/{id}, validated with ajv.
 * Members and program schedules may be left out: a new group then has none, an updated group keeps
 * its own (the guide's CSV uploads bring groups, members and schedules in separate files).
 */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';
import { FACILITY_ID, UUID } from '../supervisory-nodes/references.js';

export interface ProgramScheduleInput {
  programId: string;
  processingScheduleId: string;
  directDelivery: boolean;
  dropOffFacilityId?: string | null;
}

export interface RequisitionGroupInput extends CodedEntityInput {
  supervisoryNodeId: string;
  memberFacilityIds?: string[];
  programSchedules?: ProgramScheduleInput[];
}

export const MAX_MEMBERS = 10_000;

const PROGRAM_SCHEDULE = {
  type: 'object',
  properties: {
    programId: UUID,
    processingScheduleId: UUID,
    directDelivery: { type: 'boolean' },
    dropOffFacilityId: { ...FACILITY_ID, nullable: true },
  },
  required: ['programId', 'processingScheduleId', 'directDelivery'],
  additionalProperties: false,
};

export const validateRequisitionGroup = codedEntityValidator<RequisitionGroupInput>(
  'requisitionGroup',
  {
    supervisoryNodeId: UUID,
    memberFacilityIds: { type: 'array', items: FACILITY_ID, uniqueItems: true, maxItems: MAX_MEMBERS },
    programSchedules: { type: 'array', items: PROGRAM_SCHEDULE, maxItems: 500 },
  },
  ['supervisoryNodeId'],
);
