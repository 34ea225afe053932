/** The body of POST /api/supervisoryNodes and PUT /api/supervisoryNodes/{id}, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';
import { FACILITY_ID, UUID } from './references.js';

export interface SupervisoryNodeInput extends CodedEntityInput {
  facilityId?: string | null;
  parentNodeId?: string | null;
}

export const validateSupervisoryNode = codedEntityValidator<SupervisoryNodeInput>('supervisoryNode', {
  facilityId: { ...FACILITY_ID, nullable: true },
  parentNodeId: { ...UUID, nullable: true },
  // Read-only parts of a node as GET shows it: accepted when a client sends a read back, ignored.
  childNodes: {},
  requisitionGroup: {},
});
