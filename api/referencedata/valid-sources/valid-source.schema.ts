/** The body of POST /api/validSources: { programId, facilityTypeId, node: { referenceId }, geoLevelAffinityId? }. */
import { nodeAssignmentValidator } from '../stock-configuration/node-assignment.schema.js';

export const validateValidSource = nodeAssignmentValidator('validSource');
