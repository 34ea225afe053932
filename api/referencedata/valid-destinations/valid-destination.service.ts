/** Valid destinations: the shared node assignment rules (stock-configuration/) on their own table. */
import type { FacilityDirectory } from '../../../fhir/index.js';
import type { Repositories } from '../shared/context.js';
import { NodeAssignmentService } from '../stock-configuration/node-assignment.service.js';
import { ValidDestinationAssignment } from './valid-destination.entity.js';

export function validDestinationService(db: Repositories, directory: FacilityDirectory): NodeAssignmentService {
  return new NodeAssignmentService(db, directory, { entity: ValidDestinationAssignment, key: 'validDestination', label: 'Valid destination' });
}
