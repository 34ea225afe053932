/**
 * Which scope each role type takes (configuration guide, "Role types and their associated rights"):
 * supervision by program (at the home facility, or at a supervisory node), fulfillment at a
 * warehouse and by nothing else, administration and reporting by nothing at all.
 */
import type { RightType } from '../rights/right-catalogue.js';
import type { RoleAssignmentInput } from './role-assignment.schema.js';

export type ScopeField = 'programId' | 'supervisoryNodeId' | 'warehouseId';

const SCOPE: Record<RightType, { required: ScopeField[]; allowed: ScopeField[] }> = {
  SUPERVISION: { required: ['programId'], allowed: ['programId', 'supervisoryNodeId'] },
  ORDER_FULFILLMENT: { required: ['warehouseId'], allowed: ['warehouseId'] },
  GENERAL_ADMIN: { required: [], allowed: [] },
  REPORTS: { required: [], allowed: [] },
};

const FIELDS: ScopeField[] = ['programId', 'supervisoryNodeId', 'warehouseId'];

export interface ScopeProblem {
  field: ScopeField;
  message: string;
}

/** What is wrong with an assignment's scope for a role of `type`; empty when it fits. */
export function scopeProblems(type: RightType, assignment: RoleAssignmentInput): ScopeProblem[] {
  const rule = SCOPE[type];
  return FIELDS.flatMap((field): ScopeProblem[] => {
    const given = Boolean(assignment[field]);
    if (!given && rule.required.includes(field)) return [{ field, message: `is required for ${type} roles` }];
    if (given && !rule.allowed.includes(field)) return [{ field, message: `does not apply to ${type} roles` }];
    return [];
  });
}
