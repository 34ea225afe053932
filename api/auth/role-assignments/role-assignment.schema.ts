/**
 * The body of PUT /api/users/{id}/roleAssignments: the user's whole set of assignments, each a
 * role and the scope its type needs (checked by the service against the role).
 */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';

export interface RoleAssignmentInput {
  roleId: string;
  programId?: string | null;
  supervisoryNodeId?: string | null;
  warehouseId?: string | null;
}

const UUID = { type: 'string', format: 'uuid', nullable: true } as const;

const schema = {
  type: 'array',
  maxItems: 5000,
  items: {
    type: 'object',
    properties: {
      roleId: { type: 'string', format: 'uuid' },
      programId: UUID,
      supervisoryNodeId: UUID,
      warehouseId: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$', nullable: true },
    },
    required: ['roleId'],
    additionalProperties: false,
    // what a read adds (names and codes for display) may be sent back; it is ignored
    patternProperties: { '^(id|roleName|roleType|programCode|supervisoryNodeCode|warehouseCode|homeFacility)$': {} },
  },
} as unknown as JSONSchemaType<RoleAssignmentInput[]>;

export const validateRoleAssignments = bodyValidator(schema, 'auth.error.roleAssignment.invalid');
