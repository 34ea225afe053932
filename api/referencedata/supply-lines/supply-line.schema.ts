/** The body of POST /api/supplyLines and PUT /api/supplyLines/{id}, validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { DESCRIPTION, ECHOED } from '../shared/coded-entity.schema.js';
import { FACILITY_ID, UUID } from '../supervisory-nodes/references.js';

export interface SupplyLineInput {
  code?: string | null;
  description?: string | null;
  supervisoryNodeId: string;
  programId: string;
  supplyingFacilityId: string;
}

const schema = {
  type: 'object',
  properties: {
    code: { type: 'string', nullable: true, minLength: 1, maxLength: 50, pattern: '\\S' },
    description: DESCRIPTION,
    supervisoryNodeId: UUID,
    programId: UUID,
    supplyingFacilityId: FACILITY_ID,
  },
  required: ['supervisoryNodeId', 'programId', 'supplyingFacilityId'],
  additionalProperties: false,
  patternProperties: ECHOED,
} as unknown as JSONSchemaType<SupplyLineInput>;

export const validateSupplyLine = bodyValidator(schema, 'referenceData.error.supplyLine.invalid');
