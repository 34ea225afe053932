/**
 * The body of POST /api/orderables and PUT /api/orderables/{id}, validated with ajv. What a read
 * returns may be sent back as is: the read-only parts (id, versionNumber, lastUpdated, category
 * names, the unit's display name) are accepted and ignored.
 */
import type { JSONSchemaType } from 'ajv';
import { bodyValidator } from '../../http/validation.js';
import { DESCRIPTION, NAME } from '../shared/coded-entity.schema.js';

export interface ProgramOrderableInput {
  programId: string;
  orderableDisplayCategoryId: string;
  active: boolean;
  fullSupply: boolean;
  displayOrder: number;
  dosesPerPatient?: number | null;
  /** A JSON number or a decimal string; read back as a decimal string. */
  pricePerPack?: number | string | null;
}

/** The dispensing unit, named by id or by code (OpenLMIS clients send `{dispensingUnit: "each"}`). */
export interface DispensableInput {
  dispensingUnitId?: string;
  dispensingUnit?: string;
}

export interface OrderableInput {
  productCode: string;
  fullProductName: string;
  description?: string | null;
  netContent: number;
  packRoundingThreshold: number;
  roundToZero: boolean;
  dispensable?: DispensableInput | null;
  identifiers: { tradeItem?: string; commodityType?: string };
  programs: ProgramOrderableInput[];
  /** A kit's contents: other orderables and how many of each it holds. */
  children: Array<{ orderableId: string; quantity: number }>;
  extraData: Record<string, unknown>;
}

const MAX_INT = 2147483647;
const UUID = { type: 'string', format: 'uuid' } as const;
const READ_ONLY = {} as const;

const programOrderable = {
  type: 'object',
  properties: {
    programId: UUID,
    orderableDisplayCategoryId: UUID,
    active: { type: 'boolean', default: true },
    fullSupply: { type: 'boolean' },
    displayOrder: { type: 'integer', minimum: 0, maximum: MAX_INT },
    dosesPerPatient: { type: 'integer', minimum: 1, maximum: MAX_INT, nullable: true },
    pricePerPack: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 40 }, { type: 'null' }] },
    orderableCategoryDisplayName: READ_ONLY,
    orderableCategoryDisplayOrder: READ_ONLY,
  },
  required: ['programId', 'orderableDisplayCategoryId', 'fullSupply', 'displayOrder'],
  additionalProperties: false,
};

const dispensable = {
  type: 'object',
  nullable: true,
  properties: {
    dispensingUnitId: UUID,
    dispensingUnit: { type: 'string', minLength: 1, maxLength: 50 },
    displayName: READ_ONLY,
  },
  anyOf: [{ required: ['dispensingUnitId'] }, { required: ['dispensingUnit'] }],
  additionalProperties: false,
};

const schema = {
  type: 'object',
  properties: {
    productCode: { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' },
    fullProductName: NAME,
    description: DESCRIPTION,
    netContent: { type: 'integer', minimum: 1, maximum: MAX_INT },
    packRoundingThreshold: { type: 'integer', minimum: 0, maximum: MAX_INT },
    roundToZero: { type: 'boolean' },
    dispensable,
    identifiers: {
      type: 'object',
      default: {},
      properties: { tradeItem: UUID, commodityType: UUID },
      additionalProperties: false,
    },
    programs: { type: 'array', default: [], maxItems: 200, items: programOrderable },
    children: {
      type: 'array',
      default: [],
      maxItems: 500,
      items: {
        type: 'object',
        properties: { orderableId: UUID, quantity: { type: 'integer', minimum: 1, maximum: MAX_INT } },
        required: ['orderableId', 'quantity'],
        additionalProperties: false,
      },
    },
    extraData: { type: 'object', default: {} },
    id: READ_ONLY,
    versionNumber: READ_ONLY,
    version: READ_ONLY,
    lastUpdated: READ_ONLY,
  },
  required: ['productCode', 'fullProductName', 'netContent', 'packRoundingThreshold', 'roundToZero'],
  additionalProperties: false,
} as unknown as JSONSchemaType<OrderableInput>;

export const validateOrderable = bodyValidator(schema, 'referenceData.error.orderable.invalid');
