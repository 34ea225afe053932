/** Valid sources: the shared node assignment rules (stock-configuration/) on their own table. */
import type { FacilityDirectory } from '../../../fhir/index.js';
import type { Repositories } from '../shared/context.js';
import { NodeAssignmentService } from '../stock-configuration/node-assignment.service.js';
import { ValidSourceAssignment } from './valid-source.entity.js';

export function validSourceService(db: Repositories, directory: FacilityDirectory): NodeAssignmentService {
  return new NodeAssignmentService(db, directory, { entity: ValidSourceAssignment, key: 'validSource', label: 'Valid source' });
}
