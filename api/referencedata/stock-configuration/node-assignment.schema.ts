/** The body of POST /api/validSources and /api/validDestinations (OpenLMIS's shape), validated with ajv. */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator, type Validator } from '../../http/validation.js';
import { ECHOED } from '../shared/coded-entity.schema.js';
import type { NodeAssignmentInput } from './node-assignment.service.js';

const UUID = { type: 'string', format: 'uuid' } as const;
/** A FHIR Location id or an organization's UUID. */
const REFERENCE_ID = { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } as const;

export function nodeAssignmentValidator(key: string): Validator<NodeAssignmentInput> {
  const schema = {
    type: 'object',
    properties: {
      programId: UUID,
      facilityTypeId: UUID,
      node: {
        type: 'object',
        // id and refDataFacility may be echoed back from a read; the reference id decides.
        properties: { referenceId: REFERENCE_ID, id: {}, refDataFacility: {} },
        required: ['referenceId'],
        additionalProperties: false,
      },
      geoLevelAffinityId: { ...UUID, nullable: true },
      // Echoed back from a read and ignored: they follow from the node.
      name: {},
      isFreeTextAllowed: {},
    },
    required: ['programId', 'facilityTypeId', 'node'],
    additionalProperties: false,
    patternProperties: ECHOED,
  } as unknown as JSONSchemaType<NodeAssignmentInput>;
  return bodyValidator(schema, `referenceData.error.${key}.invalid`);
}
