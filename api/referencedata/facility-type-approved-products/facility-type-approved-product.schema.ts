/**
 * The body of POST /api/facilityTypeApprovedProducts and PUT /api/facilityTypeApprovedProducts/{id},
 * validated with ajv. References are objects with an id, as OpenLMIS sends them; what a read
 * returns may be sent back as is (the read-only parts are accepted and ignored).
 */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';

export interface ApprovedProductInput {
  facilityType: { id: string };
  /** The orderable, whatever its version: an approved product follows its latest version. */
  orderable: { id: string };
  program: { id: string };
  maxPeriodsOfStock: number;
  minPeriodsOfStock?: number | null;
  emergencyOrderPoint?: number | null;
  active: boolean;
}

const UUID = { type: 'string', format: 'uuid' } as const;
const READ_ONLY = {} as const;
/** Keeps numbers finite (JSON's 1e400 parses to Infinity) and far above any real stock policy. */
const MAX_PERIODS = 1_000_000;

function reference(readOnly: string[]) {
  return {
    type: 'object',
    properties: { id: UUID, ...Object.fromEntries(readOnly.map((name) => [name, READ_ONLY])) },
    required: ['id'],
    additionalProperties: false,
  };
}

const schema = {
  type: 'object',
  properties: {
    facilityType: reference(['code', 'name']),
    orderable: reference(['productCode', 'fullProductName', 'versionNumber']),
    program: reference(['code', 'name']),
    maxPeriodsOfStock: { type: 'number', exclusiveMinimum: 0, maximum: MAX_PERIODS },
    minPeriodsOfStock: { type: 'number', minimum: 0, maximum: MAX_PERIODS, nullable: true },
    emergencyOrderPoint: { type: 'number', minimum: 0, maximum: MAX_PERIODS, nullable: true },
    active: { type: 'boolean', default: true },
    id: READ_ONLY,
    versionNumber: READ_ONLY,
    version: READ_ONLY,
    lastUpdated: READ_ONLY,
  },
  required: ['facilityType', 'orderable', 'program', 'maxPeriodsOfStock'],
  additionalProperties: false,
} as unknown as JSONSchemaType<ApprovedProductInput>;

export const validateApprovedProduct = bodyValidator(schema, 'referenceData.error.facilityTypeApprovedProduct.invalid');
