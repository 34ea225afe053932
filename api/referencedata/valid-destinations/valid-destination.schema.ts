/** The body of POST /api/validDestinations: { programId, facilityTypeId, node: { referenceId }, geoLevelAffinityId? }. */
import { nodeAssignmentValidator } from '../stock-configuration/node-assignment.schema.js';

export const validateValidDestination = nodeAssignmentValidator('validDestination');
