/** The body of POST and PUT /api/organizations, validated with ajv. */
import type { CodedEntityInput } from '../shared/coded-entity.entity.js';
import { codedEntityValidator } from '../shared/coded-entity.schema.js';

export interface OrganizationInput extends CodedEntityInput {
  /** Defaults to true. */
  active?: boolean;
}

export const validateOrganization = codedEntityValidator<OrganizationInput>('organization', {
  active: { type: 'boolean', default: true },
});
