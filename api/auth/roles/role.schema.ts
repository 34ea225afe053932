/** The body of POST /api/roles and PUT /api/roles/{id}, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { RIGHT_TYPES, type RightType } from '../rights/right-catalogue.js';

/** A right named by its id or its name (OpenLMIS clients send `{id}`, people write names). */
export interface RightReference {
  id?: string;
  name?: string;
}

export interface RoleInput {
  name: string;
  description?: string | null;
  /** Optional: the rights' type is the role's; when given it must agree. */
  rightType?: RightType;
  rights: RightReference[];
}

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' },
    description: { type: 'string', nullable: true, maxLength: 2000 },
    rightType: { type: 'string', enum: RIGHT_TYPES },
    rights: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', maxLength: 100 } },
        anyOf: [{ required: ['id'] }, { required: ['name'] }],
        // a right as a read shows it: its type and description are echoed, and ignored
        patternProperties: { '^(type|description)$': {} },
        additionalProperties: false,
      },
    },
  },
  required: ['name', 'rights'],
  additionalProperties: false,
  patternProperties: { '^(id|version|assignmentCount)$': {} },
} as unknown as JSONSchemaType<RoleInput>;

export const validateRole = bodyValidator(schema, 'auth.error.role.invalid');
